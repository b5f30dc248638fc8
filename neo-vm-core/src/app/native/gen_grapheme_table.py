# Regenerates grapheme_table.inc (used by grapheme.cpp) from the Unicode data of the Python `regex` module:
#   python3 gen_grapheme_table.py && mv grapheme_table.inc neo-vm-core/src/app/native/
# Each run is (first code point << 8 | properties); see grapheme.cpp for the property bits.
import regex, sys
N=0x110000
chars=''.join(chr(c) if not (0xD800<=c<=0xDFFF) else 'a' for c in range(N))
GCB=['Other','CR','LF','Control','Extend','ZWJ','Regional_Indicator','Prepend','SpacingMark','L','V','T','LV','LVT']
val=[0]*N
for i,name in enumerate(GCB):
    if i==0: continue
    for m in regex.finditer(r'\p{Grapheme_Cluster_Break=%s}+'%name, chars):
        for c in range(m.start(), m.end()): val[c]=i
for m in regex.finditer(r'\p{Extended_Pictographic}+', chars):
    for c in range(m.start(), m.end()): val[c]|=16
INCB={'Linker':1,'Consonant':2,'Extend':3}
for name,v in INCB.items():
    for m in regex.finditer(r'\p{Indic_Conjunct_Break=%s}+'%name, chars):
        for c in range(m.start(), m.end()): val[c]|=v<<5
for c in range(0xD800,0xE000): val[c]=3  # surrogates: Control (never reached from valid UTF-8)
runs=[]
prev=None
for c in range(N):
    if val[c]!=prev:
        runs.append((c,val[c])); prev=val[c]
print(len(runs), file=sys.stderr)
out=[]
out.append('// Generated from the Unicode data of the Python `regex` module (%s) by gen_grapheme_table.py' % regex.__version__)
out.append('// runs of (first code point << 8 | properties), sorted. Properties: bits 0-3')
out.append('// Grapheme_Cluster_Break, bit 4 Extended_Pictographic, bits 5-6 Indic_Conjunct_Break.')
out.append('// clang-format off')
out.append('constexpr std::uint32_t kGraphemeRuns[] = {')
line='   '
for c,v in runs:
    item=' 0x%x,' % (c<<8|v)
    if len(line)+len(item)>110:
        out.append(line); line='   '
    line+=item
out.append(line)
out.append('};')
out.append('// clang-format on')
open('grapheme_table.inc','w').write('\n'.join(out)+'\n')
