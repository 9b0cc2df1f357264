using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPlatform.Logistics.Data.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "dispatch_note_seq");

            migrationBuilder.CreateSequence(
                name: "tracking_seq",
                startValue: 100000001L);

            migrationBuilder.CreateTable(
                name: "carrier_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    carrier = table.Column<string>(type: "text", nullable: false),
                    event_id = table.Column<string>(type: "text", nullable: false),
                    tracking_number = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied = table.Column<bool>(type: "boolean", nullable: false),
                    matched = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    carrier_status = table.Column<string>(type: "text", nullable: true),
                    detail = table.Column<string>(type: "text", nullable: true),
                    place = table.Column<string>(type: "text", nullable: true),
                    raw_body = table.Column<string>(type: "jsonb", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("carrier_events_pkey", x => x.id);
                    table.UniqueConstraint("ux_carrier_events_carrier_event", x => new { x.carrier, x.event_id });
                });

            migrationBuilder.CreateTable(
                name: "carriers",
                columns: table => new
                {
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    express = table.Column<bool>(type: "boolean", nullable: false),
                    bulky = table.Column<bool>(type: "boolean", nullable: false),
                    base_rate = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    rate_per_kg = table.Column<decimal>(type: "numeric(10,2)", precision: 10, scale: 2, nullable: false),
                    provinces = table.Column<string[]>(type: "text[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("carriers_pkey", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "dispatch_slas",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    flagged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("dispatch_slas_pkey", x => x.order_id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    consumer = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("inbox_messages_pkey", x => new { x.message_id, x.consumer });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    order_number = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    trace_parent = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("outbox_messages_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sku_weights",
                columns: table => new
                {
                    sku = table.Column<string>(type: "text", nullable: false),
                    weight_kg = table.Column<decimal>(type: "numeric(8,3)", precision: 8, scale: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("sku_weights_pkey", x => x.sku);
                });

            migrationBuilder.CreateTable(
                name: "shipments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false, defaultValue: "Order"),
                    reference = table.Column<string>(type: "text", nullable: true),
                    dispatch_note_number = table.Column<string>(type: "text", nullable: false),
                    carrier = table.Column<string>(type: "text", nullable: false),
                    carrier_reason = table.Column<string>(type: "text", nullable: false),
                    tracking_number = table.Column<string>(type: "text", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    address = table.Column<string>(type: "jsonb", nullable: false),
                    weight_kg = table.Column<decimal>(type: "numeric(10,3)", precision: 10, scale: 3, nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    dispatched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    signed_by = table.Column<string>(type: "text", nullable: true),
                    exception_code = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("shipments_pkey", x => x.id);
                    table.UniqueConstraint("shipments_dispatch_note_number_key", x => x.dispatch_note_number);
                    table.UniqueConstraint("shipments_tracking_number_key", x => x.tracking_number);
                    table.ForeignKey(
                        name: "shipments_carrier_fkey",
                        column: x => x.carrier,
                        principalTable: "carriers",
                        principalColumn: "code");
                });

            migrationBuilder.CreateIndex(
                name: "ix_carrier_events_tracking",
                table: "carrier_events",
                columns: new[] { "tracking_number", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_carrier_events_unmatched",
                table: "carrier_events",
                column: "received_at",
                filter: "NOT matched");

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_slas_waiting",
                table: "dispatch_slas",
                column: "due_at",
                filter: "dispatched_at IS NULL AND NOT cancelled");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "seq",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_order_id",
                table: "shipments",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_order_number",
                table: "shipments",
                column: "order_number");

            migrationBuilder.CreateIndex(
                name: "ux_shipments_order",
                table: "shipments",
                column: "order_id",
                unique: true,
                filter: "purpose = 'Order'");

            migrationBuilder.CreateIndex(
                name: "ux_shipments_purpose_reference",
                table: "shipments",
                columns: new[] { "purpose", "reference" },
                unique: true,
                filter: "reference IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "carrier_events");

            migrationBuilder.DropTable(
                name: "dispatch_slas");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "shipments");

            migrationBuilder.DropTable(
                name: "sku_weights");

            migrationBuilder.DropTable(
                name: "carriers");

            migrationBuilder.DropSequence(
                name: "dispatch_note_seq");

            migrationBuilder.DropSequence(
                name: "tracking_seq");
        }
    }
}
