import { InternalServerError } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

let ids = 0;

export interface CommandFault {
  /** Calls of the command seen so far. */
  readonly calls: number;
  /** Calls that were failed. */
  readonly failed: number;
  restore(): void;
}

/**
 * Fails chosen calls (1-based) of one DynamoDB operation on `client`, outside the SDK's retries so
 * the caller sees the failure: `before` the request is sent (nothing written) or `after` DynamoDB
 * answered (written, but the caller never learns it: a lost response or a crash right after).
 */
export function failCalls(
  client: DynamoDBDocumentClient,
  options: { readonly command: string; readonly calls: readonly number[]; readonly when: "before" | "after" },
): CommandFault {
  const name = `test-fault-${(ids += 1)}`;
  let calls = 0;
  let failed = 0;
  const fault = () => {
    failed += 1;
    return new InternalServerError({
      message: `injected failure of ${options.command} call ${calls}`,
      $metadata: { httpStatusCode: 500 },
    });
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== options.command) return next(args);
      calls += 1;
      const chosen = options.calls.includes(calls);
      if (chosen && options.when === "before") throw fault();
      const result = await next(args);
      if (chosen) throw fault();
      return result;
    },
    { step: "initialize", name },
  );
  return {
    get calls() {
      return calls;
    },
    get failed() {
      return failed;
    },
    restore: () => void client.middlewareStack.remove(name),
  };
}

/** A fault that stays idle until armed, then fails the next call of `command` (for randomized schedules). */
export function armableFault(
  client: DynamoDBDocumentClient,
  command: string,
): { arm(when: "before" | "after"): void; disarm(): void; readonly fired: number } {
  const name = `test-armable-fault-${(ids += 1)}`;
  let armed: "before" | "after" | undefined;
  let fired = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== command || armed === undefined) return next(args);
      const when = armed;
      armed = undefined;
      fired += 1;
      const error = new InternalServerError({
        message: `injected failure of ${command}`,
        $metadata: { httpStatusCode: 500 },
      });
      if (when === "before") throw error;
      await next(args);
      throw error;
    },
    { step: "initialize", name },
  );
  return {
    arm: (when) => void (armed = when),
    disarm: () => void (armed = undefined),
    get fired() {
      return fired;
    },
  };
}
