/**
 * The second factor of a supervisor's sign-in (the staff pool requires it): the code of an authenticator app
 * (RespondToAuthChallenge SOFTWARE_TOKEN_MFA), and on a first sign-in setting the app up (AssociateSoftwareToken ->
 * the secret, shown as a QR code and as text -> VerifySoftwareToken with its first code -> RespondToAuthChallenge
 * MFA_SETUP). Each step answers a new `Session`; Cognito keeps a sign-in's steps 3 minutes.
 */
import { callCognito, type CognitoClientSettings } from "./cognito-call.js";
import { type AuthOutcome, refusal, signInStep } from "./cognito.js";

/** The code of the user's authenticator app. */
export async function answerCode(
  settings: CognitoClientSettings,
  username: string,
  session: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  const answer = await callCognito(
    settings,
    "RespondToAuthChallenge",
    {
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ClientId: settings.clientId,
      Session: session,
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code },
    },
    fetchImpl,
  );
  return answer.ok ? signInStep(answer.payload, "", now) : refusal(answer, "challenge");
}

export type EnrolmentStart =
  | { readonly kind: "secret"; readonly secret: string; readonly session: string }
  | Exclude<AuthOutcome, { kind: "signed-in" }>;

/** A new secret for the user's authenticator app (AssociateSoftwareToken by the sign-in's Session). */
export async function startEnrolment(
  settings: CognitoClientSettings,
  session: string,
  fetchImpl: typeof fetch = fetch,
): Promise<EnrolmentStart> {
  const answer = await callCognito(settings, "AssociateSoftwareToken", { Session: session }, fetchImpl);
  if (!answer.ok) return refusal(answer, "challenge") as EnrolmentStart;
  const { SecretCode, Session } = answer.payload;
  if (typeof SecretCode !== "string" || typeof Session !== "string")
    return { kind: "failed", detail: "no secret in the answer" };
  return { kind: "secret", secret: SecretCode, session: Session };
}

/**
 * The app's first code proves it holds the secret (VerifySoftwareToken); then the sign-in completes (MFA_SETUP)
 * and the user is enrolled. A wrong code leaves the step to try again with the same session.
 */
export async function finishEnrolment(
  settings: CognitoClientSettings,
  username: string,
  session: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): Promise<AuthOutcome> {
  const verified = await callCognito(
    settings,
    "VerifySoftwareToken",
    { Session: session, UserCode: code, FriendlyDeviceName: "Cargo Express" },
    fetchImpl,
  );
  if (!verified.ok) return refusal(verified, "challenge");
  if (verified.payload.Status !== "SUCCESS" || typeof verified.payload.Session !== "string")
    return { kind: "wrong-code" };
  const answer = await callCognito(
    settings,
    "RespondToAuthChallenge",
    {
      ChallengeName: "MFA_SETUP",
      ClientId: settings.clientId,
      Session: verified.payload.Session,
      ChallengeResponses: { USERNAME: username },
    },
    fetchImpl,
  );
  return answer.ok ? signInStep(answer.payload, "", now) : refusal(answer, "challenge");
}

/** What an authenticator app reads from the QR code (Google's Key URI format, which they all read). */
export function otpauthUri(secret: string, username: string, issuer = "Cargo Express"): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(username)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
