/**
 * A Lambda handler that builds the real one on its first invocation and passes every invocation to it: the one
 * lazy entry point of every function (the orders and monitor APIs; it fits the projector's too).
 *
 * Why lazy: a bundle's import is part of every cold start, and Lambda's init phase has its own time limit. Importing
 * an entry point made with this evaluates this file (it imports nothing) and the entry point; what `build` imports
 * with `import()` (configuration, container, app, adapters) is evaluated when the first event arrives, once per
 * process. Invocations that arrive while the build runs wait for the same build. A build that fails (a
 * configuration error naming the bad variables) fails that invocation and every later one with the same error,
 * as a failed init would: it is not retried, since the environment it read does not change.
 */
export function lazyHandler<Args extends unknown[], Result>(
  build: () => Promise<(...args: Args) => Promise<Result>>,
): (...args: Args) => Promise<Result> {
  let built: Promise<(...args: Args) => Promise<Result>> | undefined;
  return async (...args) => {
    // Through an async function, so that a build that throws before its first await is a rejection too, kept.
    built ??= (async () => build())();
    return (await built)(...args);
  };
}
