/** What the global setup hands to every test file through vitest's provide/inject. */
declare module "vitest" {
  export interface ProvidedContext {
    /** Endpoint of the one DynamoDB Local instance of this test run, e.g. `http://127.0.0.1:41234`. */
    dynamodbEndpoint: string;
  }
}

export {};
