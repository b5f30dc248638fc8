/* From _start to main and back: static constructors, main, then the runtime's exit path (commit the
 * public values on success, HALT). In C because ISO C++ does not allow a program to call main(). */
typedef void (*neo_init_function)(void);
extern neo_init_function __init_array_start[]; /* linker-script symbols */
extern neo_init_function __init_array_end[];

int main(void);
void neo_zkvm_runtime_exit(int code) __attribute__((noreturn));
void __neo_runtime_start(void) __attribute__((noreturn));

void __neo_runtime_start(void) {
  for (neo_init_function* f = __init_array_start; f != __init_array_end; ++f) (*f)();
  neo_zkvm_runtime_exit(main());
}
