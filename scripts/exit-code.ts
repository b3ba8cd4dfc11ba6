/**
 * Runs a command's `main` and exits with the code it gives (2 when it throws, with the error's
 * message). Explicitly: the database driver's timers would otherwise decide when, and with what code.
 */
export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
