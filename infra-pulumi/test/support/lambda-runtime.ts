/**
 * Runs a function as the mocked program deploys it: its code archive unpacked into a task root of its own, its
 * handler setting, its environment variables plus what Lambda's runtime sets, in a fresh Node process
 * (lambda-runtime.mjs). The task root offers no package at all (the bundles carry the AWS SDK they use, rather
 * than the runtime's): a bundle that forgot to include one of its dependencies fails to load here.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import type { FunctionKey } from "../../src/bundles.js";
import { programEnvironment } from "./deployed-functions.js";
import { archiveFiles, type MockedDeployment } from "./mocked-deployment.js";

export interface DeployedLambda {
  readonly name: string;
  /** Invokes the handler with `event`; rejects with the function's error, as Lambda reports a failed invocation. */
  invoke<T = unknown>(event: unknown): Promise<T>;
  /** What the function wrote to stdout and stderr (its logs), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly deployment: MockedDeployment;
  readonly key: FunctionKey;
  /** A directory of the test's own; the task root is created inside it. */
  readonly workDir: string;
  /** Variables that are not the program's (an endpoint override for the SDK); they must not shadow the program's. */
  readonly extraEnvironment: Readonly<Record<string, string>>;
  /** Where the function's JWKS address is answered from (see lambda-runtime.mjs). */
  readonly jwks?: { readonly uri: string; readonly servedAt: string };
}

export async function startDeployedFunction(options: StartOptions): Promise<DeployedLambda> {
  const { deployment, key } = options;
  const resource = deployment.named("aws:lambda/function:Function", key);
  const taskRoot = path.join(options.workDir, key);
  for (const [name, source] of Object.entries(await archiveFiles(resource.inputs.code))) {
    mkdirSync(path.dirname(path.join(taskRoot, name)), { recursive: true });
    copyFileSync(source, path.join(taskRoot, name));
  }

  const program = programEnvironment(deployment, key);
  const shadowed = Object.keys(options.extraEnvironment).filter((name) => name in program);
  if (shadowed.length > 0) throw new Error(`extra variables would replace the program's: ${shadowed.join(", ")}`);
  const name = String(resource.inputs.name);
  const region = deployment.config.region;
  // What Lambda's runtime sets in every function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
  const runtime = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${resource.inputs.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(resource.inputs.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_LOG_GROUP_NAME: String(resource.inputs.loggingConfig?.logGroup),
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef",
    AWS_ACCESS_KEY_ID: "ASIASMOKETEST0000000",
    AWS_SECRET_ACCESS_KEY: "smoke-test-secret",
    AWS_SESSION_TOKEN: "smoke-test-session",
    LAMBDA_TASK_ROOT: taskRoot,
    TZ: ":UTC",
  };

  let output = "";
  const child: ChildProcess = fork(path.join(import.meta.dirname, "lambda-runtime.mjs"), [], {
    cwd: taskRoot,
    env: { ...program, ...runtime, ...options.extraEnvironment },
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const pending = new Map<string, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  const failure = (error: { name: string; message: string }) =>
    Object.assign(new Error(`${name}: ${error.name}: ${error.message}`), { name: error.name });
  child.on("message", (message: any) => {
    const waiting = pending.get(message.type === "loaded" ? "load" : message.id);
    if (!waiting) return;
    pending.delete(message.type === "loaded" ? "load" : message.id);
    if (message.error) waiting.reject(failure(message.error));
    else waiting.resolve(message.result);
  });
  child.once("exit", (code, signal) => {
    for (const waiting of pending.values())
      waiting.reject(new Error(`${name} exited (code ${code}, signal ${signal}):\n${output}`));
    pending.clear();
  });
  const request = <T>(id: string, message: object) =>
    new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send(message);
    });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  try {
    await request("load", { type: "load", taskRoot, handler: resource.inputs.handler, jwks: options.jwks });
  } catch (error) {
    await stop();
    throw error;
  }
  const timeoutMs = Number(resource.inputs.timeout) * 1000;
  return {
    name,
    invoke: <T>(event: unknown) => {
      const id = randomUUID();
      return request<T>(id, {
        type: "invoke",
        id,
        event,
        context: { timeoutMs, awsRequestId: id, invokedFunctionArn: String(resource.state.arn) },
      });
    },
    output: () => output,
    stop,
  };
}
