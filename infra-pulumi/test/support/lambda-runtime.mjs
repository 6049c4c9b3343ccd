/**
 * A stand-in for Lambda's Node.js runtime, one function per process (started by lambda-runtime.ts with fork()):
 * it loads the handler the way Lambda does, from the task root and the function's `handler` setting
 * (`index.handler` -> `<task root>/index.mjs`, export `handler`), then invokes it for each event it is sent.
 * Plain JavaScript on purpose: the bundle runs in plain Node, without the test's TypeScript loader.
 *
 * One thing differs from Lambda: a request for the user pool's JWKS (`https://cognito-idp.../jwks.json`) is
 * answered by the test's JWKS server, which serves the key the test signs tokens with. The bundle's own verifier
 * (aws-jwt-verify) still fetches, caches and checks everything; only that one address is redirected, and any
 * other HTTPS request goes where it was meant to.
 */
import { existsSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

let handler;

function redirectJwks(jwksUri, servedAt) {
  const request = https.request;
  https.request = function redirected(...args) {
    const [url, options, callback] = args;
    const href = typeof url === "string" ? url : url instanceof URL ? url.href : undefined;
    if (href !== jwksUri) return request.apply(this, args);
    const { agent: _agent, ...plain } = typeof options === "object" && options !== null ? options : {};
    return http.request(servedAt, plain, typeof options === "function" ? options : callback);
  };
  // The bundle imports `request` from "https" as an ES module binding: publish the replacement to it.
  syncBuiltinESMExports();
}

/** `index.handler` -> the file Lambda would load for module `index`, and the export name. */
function resolveHandler(taskRoot, setting) {
  const dot = setting.lastIndexOf(".");
  const moduleName = setting.slice(0, dot);
  const exportName = setting.slice(dot + 1);
  const found = [".js", ".mjs", ".cjs"]
    .map((extension) => path.join(taskRoot, `${moduleName}${extension}`))
    .filter((file) => existsSync(file));
  if (found.length !== 1)
    throw new Error(
      `handler ${setting}: expected one of ${moduleName}.js/.mjs/.cjs in ${taskRoot}, found ${found.length}`,
    );
  return { file: found[0], exportName };
}

function lambdaContext(context) {
  const deadline = Date.now() + context.timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: "$LATEST",
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: context.awsRequestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const errorOf = (error) => ({
  name: error?.name ?? "Error",
  message: error?.message ?? String(error),
  stack: error?.stack,
});

// The test process is gone (or stopped us): so is the function.
process.on("disconnect", () => process.exit(0));

process.on("message", async (message) => {
  if (message.type === "load") {
    try {
      if (message.jwks) redirectJwks(message.jwks.uri, message.jwks.servedAt);
      const { file, exportName } = resolveHandler(message.taskRoot, message.handler);
      const loaded = await import(pathToFileURL(file).href);
      handler = loaded[exportName];
      if (typeof handler !== "function") throw new Error(`${file} has no function export ${exportName}`);
      process.send({ type: "loaded" });
    } catch (error) {
      process.send({ type: "loaded", error: errorOf(error) });
    }
  } else if (message.type === "invoke") {
    try {
      const result = await handler(message.event, lambdaContext(message.context));
      process.send({ type: "result", id: message.id, result: result ?? null });
    } catch (error) {
      process.send({ type: "result", id: message.id, error: errorOf(error) });
    }
  }
});
