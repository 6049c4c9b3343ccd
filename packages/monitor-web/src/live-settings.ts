import type { LiveSettings } from "./live-push.js";

/** /config.json's `live` (optional): the settings, undefined when absent, or the problem with them. */
export function parseLiveSettings(raw: unknown): LiveSettings | undefined | string {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return "live: an object with url, host and channel";
  const { url, host, channel } = raw as Record<string, unknown>;
  let protocol = "";
  try {
    protocol = typeof url === "string" ? new URL(url).protocol : "";
  } catch {
    // refused below
  }
  if (protocol !== "wss:" && protocol !== "ws:") return "live.url: a ws(s):// URL (the Event API's realtime endpoint)";
  if (typeof host !== "string" || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host))
    return "live.host: the Event API's HTTP host name";
  if (typeof channel !== "string" || !/^(\/[A-Za-z0-9-]+){2,5}$/.test(channel))
    return "live.channel: a channel path such as /monitor/figures";
  return { url: url as string, host, channel };
}
