import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { DependencyUnavailableError, type ExportDispatcher, type ExportJob } from "@cargo-express/domain";

/** What the export function receives: the job's id, nothing else (the job is read from its table). */
export interface ExportFunctionEvent {
  readonly exportId: string;
}

/**
 * Starts the export function for a job with an asynchronous invocation (InvocationType "Event"): Lambda queues
 * the event and answers 202 at once, so the API answers without waiting for the file. Lambda's own queue is the
 * queue (it keeps an event up to 6 hours); the job's status is the record of what happened, so the function's
 * retries on error are turned off in its configuration.
 */
export class LambdaExportDispatcher implements ExportDispatcher {
  constructor(private readonly options: { readonly client: LambdaClient; readonly functionName: string }) {}

  async dispatch(job: ExportJob): Promise<void> {
    const event: ExportFunctionEvent = { exportId: job.id };
    let status: number | undefined;
    try {
      const result = await this.options.client.send(
        new InvokeCommand({
          FunctionName: this.options.functionName,
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      status = result.StatusCode;
    } catch (error) {
      throw new DependencyUnavailableError("the export function could not be started", 5, { cause: error });
    }
    if (status !== 202) throw new DependencyUnavailableError(`the export function answered ${status}, not 202`, 5);
  }
}
