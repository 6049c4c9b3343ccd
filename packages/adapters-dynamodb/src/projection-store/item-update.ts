import type { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { PermanentFailureError, type NameStamp } from "@cargo-express/domain";
import { COURIER, META, nameValue, PRODUCT } from "../keys.js";

export type TransactItem = NonNullable<TransactWriteCommand["input"]["TransactItems"]>[number];
/** An item of the Deliveries table as read (absent attributes missing). */
export type StoredItem = Record<string, unknown>;

/** DynamoDB's limit on one expression (UpdateExpression, ConditionExpression): 4 KB of text. */
export const MAX_EXPRESSION_BYTES = 4_096;

/** An amount added to an attribute; for an entity's counters `attribute` is the prefix its id is appended to. */
interface Counter {
  readonly attribute: string;
  readonly amount: number;
}

/** One courier's or product's share of an item update. */
export interface EntityFigures {
  readonly kind: "courier" | "product";
  readonly id: string;
  /**
   * The counter whose attribute (`<prefix><id>`) records that the item lists this entity: a listed entity has
   * it, so a newcomer gets it written even when its amount is 0. A courier is listed by its orders, a product
   * by its units.
   */
  readonly listedBy: Counter;
  /** Its other counters (prefixes): added when listed, to the item's unlisted counters when not. */
  readonly counters: readonly Counter[];
  /** Its display name, set when `stamp` is newer than the stored one. */
  readonly name?: { readonly attribute: string; readonly name: string; readonly stamp: NameStamp };
  /** Whole attributes added only while it is listed (a courier's deliveries per hour in a day item). */
  readonly listedOnly?: readonly Counter[];
}

export interface ItemUpdateOptions {
  /** The item as read before the update (undefined: it does not exist yet). */
  readonly stored: StoredItem | undefined;
  /** Most couriers and most products the item lists; the figures of others go to its unlisted counters. */
  readonly maxListed: number;
}

/** Where an unlisted entity's counters go, by counter prefix. */
const UNLISTED: Readonly<Record<EntityFigures["kind"], Readonly<Record<string, string>>>> = {
  courier: {
    [COURIER.orders]: META.unlistedOrders,
    [COURIER.units]: META.unlistedCourierUnits,
    [COURIER.revenue]: META.unlistedCourierRevenue,
  },
  product: { [PRODUCT.units]: META.unlistedProductUnits, [PRODUCT.revenue]: META.unlistedProductRevenue },
};

/** One clause of the expression, in the order it was decided (placeholders are numbered in this order). */
interface Clause {
  readonly verb: "SET" | "ADD";
  readonly attribute: string;
  readonly value: unknown;
}

/**
 * One UpdateItem of an all-time or day item, decided against the item as read: a listed courier or product
 * gets its counters added; a newcomer is listed while the item has room (its count and the version move, and
 * the write is conditioned on the version read), else its numbers go to the unlisted counters.
 *
 * Amounts are signed (a void or a correction takes figures back), and a retraction lands where the figures it
 * takes back were added: an id once listed in an item stays listed, and the listed count never falls, so an item
 * once full stays full and an id that went to the unlisted counters can never be listed there later. Whether an id
 * is listed is therefore the same when its figures are added and when they are taken back. A negative amount for
 * an id the item does not list is never what lists it (it can only take back unlisted figures), which keeps that
 * true even if the cap is raised. A name is set
 * when its stamp is newer than the stored one (which also moves the version). `set` and `figures` record
 * decisions; `build` turns them into the request and changes nothing, so it can be called again.
 */
export class ItemUpdate {
  private readonly clauses: Clause[] = [];
  private readonly newlyListed = { courier: 0, product: 0 };
  private readonly unlisted = new Map<string, number>();
  private versioned = false;

  constructor(private readonly options: ItemUpdateOptions) {}

  set(attribute: string, value: unknown): this {
    this.clauses.push({ verb: "SET", attribute, value });
    return this;
  }

  /** Adds `amount` to `attribute`; adding 0 is no change, so it is left out. */
  private add(attribute: string, amount: number): void {
    if (amount !== 0) this.clauses.push({ verb: "ADD", attribute, value: amount });
  }

  private listedCount(kind: EntityFigures["kind"]): number {
    const value = this.options.stored?.[kind === "courier" ? META.listedCouriers : META.listedProducts] ?? 0;
    return Number(value) + this.newlyListed[kind];
  }

  figures(entity: EntityFigures): this {
    const { kind, id, listedBy, counters } = entity;
    const stored = this.options.stored;
    const listed = stored?.[`${listedBy.attribute}${id}`] !== undefined;
    const takesBack = [listedBy, ...counters, ...(entity.listedOnly ?? [])].some((counter) => counter.amount < 0);
    if (!listed && (takesBack || this.listedCount(kind) >= this.options.maxListed)) {
      for (const counter of [listedBy, ...counters]) {
        const target = UNLISTED[kind][counter.attribute];
        if (target === undefined) throw new RangeError(`no unlisted counter for ${kind} counter ${counter.attribute}`);
        this.unlisted.set(target, (this.unlisted.get(target) ?? 0) + counter.amount);
      }
      return this;
    }
    if (listed) {
      this.add(`${listedBy.attribute}${id}`, listedBy.amount);
    } else {
      this.newlyListed[kind] += 1;
      this.versioned = true;
      // Written even when zero: it is what records the newcomer as listed.
      this.clauses.push({ verb: "ADD", attribute: `${listedBy.attribute}${id}`, value: listedBy.amount });
    }
    for (const counter of counters) this.add(`${counter.attribute}${id}`, counter.amount);
    for (const counter of entity.listedOnly ?? []) this.add(counter.attribute, counter.amount);
    if (entity.name !== undefined) {
      const attribute = `${entity.name.attribute}${id}`;
      const current = stored?.[attribute];
      const value = nameValue(entity.name.stamp, entity.name.name);
      if (typeof current !== "string" || current < value) {
        this.set(attribute, value);
        this.versioned = true;
      }
    }
    return this;
  }

  /**
   * The UpdateItem, or undefined when there is nothing to write (only zero amounts). Placeholders are short
   * (`#a1`, `:a1`) so that expressions stay well within DynamoDB's 4 KB; an expression beyond it is refused
   * whenever it is tried, so it is a PermanentFailureError.
   */
  build(table: string, key: Record<string, unknown>): TransactItem | undefined {
    const clauses = [...this.clauses];
    const addition = (attribute: string, value: number): void => {
      if (value !== 0) clauses.push({ verb: "ADD", attribute, value });
    };
    for (const [attribute, amount] of this.unlisted) addition(attribute, amount);
    if (this.versioned) {
      addition(META.listedCouriers, this.newlyListed.courier);
      addition(META.listedProducts, this.newlyListed.product);
      clauses.push({ verb: "ADD", attribute: META.version, value: 1 });
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const adds: string[] = [];
    for (const [index, clause] of clauses.entries()) {
      const id = index.toString(36);
      names[`#${id}`] = clause.attribute;
      values[`:${id}`] = clause.value;
      if (clause.verb === "SET") sets.push(`#${id} = :${id}`);
      else adds.push(`#${id} :${id}`);
    }
    let condition: string | undefined;
    if (this.versioned) {
      // The version is the last clause: the write holds only if the item is still the one decided against.
      const version = `#${(clauses.length - 1).toString(36)}`;
      const seen = this.options.stored?.[META.version];
      if (seen === undefined) {
        condition = `attribute_not_exists(${version})`;
      } else {
        const placeholder = `:${clauses.length.toString(36)}`;
        values[placeholder] = seen;
        condition = `${version} = ${placeholder}`;
      }
    }
    const expression = [
      sets.length > 0 ? `SET ${sets.join(", ")}` : "",
      adds.length > 0 ? `ADD ${adds.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join(" ");
    if (expression === "") return undefined;
    const bytes = Buffer.byteLength(expression);
    if (bytes > MAX_EXPRESSION_BYTES) {
      throw new PermanentFailureError(
        `an update of ${table} needs a ${bytes}-byte expression; DynamoDB accepts ${MAX_EXPRESSION_BYTES}`,
      );
    }
    return {
      Update: {
        TableName: table,
        Key: key,
        UpdateExpression: expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(condition === undefined ? {} : { ConditionExpression: condition }),
      },
    };
  }
}
