import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** An order as couriers send it (the previous system worked on these wire names directly). */
export interface LegacyOrderPayload {
  readonly pedido_id: string;
  readonly repartidor: { readonly IdRepartidor: number; readonly Nombre: string };
  readonly productos: readonly { readonly IdProducto: string; readonly producto: string; readonly precio: number }[];
  readonly timestamp: string;
}

export interface LegacyTables {
  readonly products: string;
  readonly couriers: string;
}

/**
 * The previous system's stream handler, reproduced for the benchmark only (it is what this package
 * replaces, defects included): for every record, for every entry of `productos` (one unit each) a
 * GetItem of the product, then a PutItem if it is new or an UpdateItem SET of the recomputed totals;
 * then the same for the courier. Money is a float, reads are eventually consistent, nothing is
 * conditional: concurrent or retried records lose or double updates.
 */
export class LegacyProjector {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: LegacyTables,
  ) {}

  async apply(order: LegacyOrderPayload): Promise<void> {
    for (const entry of order.productos) {
      const { Item: product } = await this.client.send(
        new GetCommand({ TableName: this.tables.products, Key: { IdProducto: entry.IdProducto } }),
      );
      if (!product) {
        await this.client.send(
          new PutCommand({
            TableName: this.tables.products,
            Item: {
              IdProducto: entry.IdProducto,
              producto: entry.producto,
              cantidad_vendida: 1,
              total_vendido: entry.precio,
            },
          }),
        );
      } else {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tables.products,
            Key: { IdProducto: entry.IdProducto },
            UpdateExpression: "SET cantidad_vendida = :c, total_vendido = :t",
            ExpressionAttributeValues: {
              ":c": Number(product.cantidad_vendida) + 1,
              ":t": Number(product.total_vendido) + entry.precio,
            },
          }),
        );
      }
    }
    const courierId = String(order.repartidor.IdRepartidor);
    const money = order.productos.reduce((sum, entry) => sum + entry.precio, 0);
    const { Item: courier } = await this.client.send(
      new GetCommand({ TableName: this.tables.couriers, Key: { IdRepartidor: courierId } }),
    );
    if (!courier) {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.couriers,
          Item: {
            IdRepartidor: courierId,
            Nombre: order.repartidor.Nombre,
            entregas: 1,
            productos_entregados: order.productos.length,
            dinero_generado: money,
          },
        }),
      );
    } else {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tables.couriers,
          Key: { IdRepartidor: courierId },
          UpdateExpression: "SET entregas = :e, productos_entregados = :p, dinero_generado = :d",
          ExpressionAttributeValues: {
            ":e": Number(courier.entregas) + 1,
            ":p": Number(courier.productos_entregados) + order.productos.length,
            ":d": Number(courier.dinero_generado) + money,
          },
        }),
      );
    }
  }
}
