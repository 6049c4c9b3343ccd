/** An error Amazon Cognito answers with: its `__type` (the SDKs' exception name), message and HTTP status. */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Cognito's answer to a wrong password or an unknown user alike (user-existence errors prevented). */
export const incorrectCredentials = () => new CognitoError("NotAuthorizedException", "Incorrect username or password.");

export const missingParameter = (name: string) =>
  new CognitoError("InvalidParameterException", `Missing required parameter ${name}`);

/** A string parameter of a request, or InvalidParameterException naming it. */
export function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== "string" || value === "") throw missingParameter(name);
  return value;
}
