/** What a change does to a catalogue entry, field by field, as the confirmation and the history both say it. */
import type { CatalogEntryState } from "../catalog-api.js";
import { formatMoney } from "../format.js";
import { t, type Language, type MessageKey } from "../i18n.js";

export interface FieldChange {
  readonly label: MessageKey;
  /** Absent when the entry is new. */
  readonly before?: string | undefined;
  readonly after: string;
}

const activeText = (active: boolean, language: Language) => t(language, active ? "stateActive" : "stateInactive");

/** The fields that differ (all of them for a new entry), in the order of the form. */
export function fieldChanges(
  before: CatalogEntryState | null | undefined,
  after: CatalogEntryState,
  language: Language,
): FieldChange[] {
  const fields: { label: MessageKey; value: (entry: CatalogEntryState) => string | undefined }[] = [
    { label: "nameLabel", value: (entry) => entry.name },
    {
      label: "priceLabel",
      value: (entry) => (entry.referencePrice === undefined ? undefined : formatMoney(entry.referencePrice, language)),
    },
    { label: "columnState", value: (entry) => activeText(entry.active, language) },
  ];
  return fields.flatMap(({ label, value }) => {
    const now = value(after);
    if (now === undefined) return [];
    if (!before) return [{ label, after: now }];
    const was = value(before);
    return was === now ? [] : [{ label, before: was, after: now }];
  });
}

/** One line: "Nombre: Moneda → Moneda de 1; Estado: Activo → Inactivo". */
export function changeLine(changes: readonly FieldChange[], language: Language): string {
  return changes
    .map(
      ({ label, before, after }) => `${t(language, label)}: ${before === undefined ? after : `${before} → ${after}`}`,
    )
    .join("; ");
}
