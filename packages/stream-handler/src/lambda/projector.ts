/**
 * The stream projector Lambda: DynamoDB stream events of the Orders table -> projections. Lambda's handler.
 *
 * Importing this file loads almost nothing: the composition (./projector-composition.ts: inversify, the logger,
 * the DynamoDB adapters and the AWS SDK) is loaded and evaluated on the first invocation, as the HTTP functions
 * do, so a cold start pays for it once, when an event needs it.
 */
import type { ProjectorHandler } from "./create-projector-handler.js";

let composed: Promise<ProjectorHandler> | undefined;

/**
 * Lambda's entry point. Configuration is read and the clients are built on the first invocation and
 * reused by later ones (they keep their connections); a configuration error fails every invocation
 * with a message naming the bad variables.
 * @public Lambda's entry point: the function's handler setting names it, no module imports it.
 */
export const handler: ProjectorHandler = async (event) => {
  composed ??= (async () => {
    const [{ readProjectorConfig }, root] = await Promise.all([
      import("../config.js"),
      import("./projector-composition.js"),
    ]);
    return root.composeProjector(readProjectorConfig(process.env)).get(root.PROJECTOR_HANDLER);
  })();
  return (await composed)(event);
};
