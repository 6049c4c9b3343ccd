import { fleet } from "@cargo-express/testkit/catalogue";
import { type LocalStackConfig, generatedPassword } from "./config.js";

export const GROUPS = { couriers: "couriers", supervisors: "supervisors", dispatchers: "dispatchers" } as const;

/** The user name of a fleet courier's local user: `repartidor-106` is courier 106. */
export const fleetUsername = (courierId: string): string => `repartidor-${courierId}`;

export interface LocalUserCredentials {
  readonly username: string;
  readonly password: string;
}

/** A user of the local sign-in, as the banner lists it. */
export interface LocalStackUser extends LocalUserCredentials {
  readonly groups: readonly string[];
  /** The courier the user is bound to (`custom:courier_id`), for couriers. */
  readonly courierId?: string;
  /** The user pool it signs in to: the couriers' (password) or the staff pool (password and a TOTP code). */
  readonly pool: "couriers" | "staff";
  /** Its enrolled authenticator's secret (base32), for a staff user that comes enrolled. */
  readonly totpSecret?: string;
  /** Who it is for, in a few words. */
  readonly role: string;
}

/**
 * The users `npm start` creates, in banner order: the demo user (`.env`'s USERNAME: posts for any courier and
 * reads the monitor, exactly as before), the supervisors, the courier-only and dispatcher-only users, then one
 * per courier of the fleet, each with its own password.
 */
export function localUsers(config: LocalStackConfig): LocalStackUser[] {
  return [
    {
      username: config.LOCAL_USERNAME,
      password: config.LOCAL_PASSWORD,
      groups: [GROUPS.dispatchers, GROUPS.supervisors],
      pool: "couriers",
      role: "demo and clients: posts for any courier, reads the monitor",
    },
    {
      username: config.LOCAL_SUPERVISOR_USERNAME,
      password: config.LOCAL_SUPERVISOR_PASSWORD,
      groups: [GROUPS.supervisors],
      pool: "staff",
      totpSecret: config.LOCAL_SUPERVISOR_TOTP_SECRET,
      role: "the web app: reads the monitor (staff pool: and a code, npm run totp)",
    },
    {
      username: config.LOCAL_NEW_SUPERVISOR_USERNAME,
      password: config.LOCAL_NEW_SUPERVISOR_PASSWORD,
      groups: [GROUPS.supervisors],
      pool: "staff",
      role: "staff pool, no authenticator yet: its first sign-in enrols one",
    },
    {
      username: config.LOCAL_COURIER_USERNAME,
      password: config.LOCAL_COURIER_PASSWORD,
      groups: [GROUPS.couriers],
      courierId: config.LOCAL_COURIER_ID,
      pool: "couriers",
      role: `courier ${config.LOCAL_COURIER_ID} only`,
    },
    {
      username: config.LOCAL_DISPATCHER_USERNAME,
      password: config.LOCAL_DISPATCHER_PASSWORD,
      groups: [GROUPS.dispatchers],
      pool: "couriers",
      role: "posts for any courier",
    },
    ...fleet.map((courier) => {
      const courierId = String(courier.IdRepartidor);
      return {
        username: fleetUsername(courierId),
        password: generatedPassword("Fleet"),
        groups: [GROUPS.couriers],
        courierId,
        pool: "couriers" as const,
        role: `${courier.Nombre}'s phone: courier ${courierId} only`,
      };
    }),
  ];
}
