using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPlatform.AfterSales.Data.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "case_number_seq");

            migrationBuilder.CreateSequence(
                name: "claim_number_seq");

            migrationBuilder.CreateSequence(
                name: "return_number_seq");

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_number = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    channel = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    category = table.Column<string>(type: "text", nullable: false, defaultValue: "Other"),
                    status = table.Column<string>(type: "text", nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_response_due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    first_responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    escalated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution = table.Column<string>(type: "text", nullable: true),
                    reshipment_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replacement_carrier = table.Column<string>(type: "text", nullable: true),
                    replacement_tracking_number = table.Column<string>(type: "text", nullable: true),
                    carrier = table.Column<string>(type: "text", nullable: true),
                    tracking_number = table.Column<string>(type: "text", nullable: true),
                    exception_code = table.Column<string>(type: "text", nullable: true),
                    claim = table.Column<string>(type: "jsonb", nullable: true),
                    claim_number = table.Column<string>(type: "text", nullable: true),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("cases_pkey", x => x.id);
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
                name: "known_orders",
                columns: table => new
                {
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'"),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("known_orders_pkey", x => x.order_id);
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
                name: "returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    return_number = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    return_carrier = table.Column<string>(type: "text", nullable: true),
                    return_tracking_number = table.Column<string>(type: "text", nullable: true),
                    replacement_carrier = table.Column<string>(type: "text", nullable: true),
                    replacement_tracking_number = table.Column<string>(type: "text", nullable: true),
                    refunded = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    steps = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("returns_pkey", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    skus = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("surveys_pkey", x => x.id);
                    table.UniqueConstraint("surveys_order_id_key", x => x.order_id);
                    table.UniqueConstraint("surveys_order_number_key", x => x.order_number);
                    table.CheckConstraint("surveys_score_check", "score >= 1 AND score <= 5");
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_case_number",
                table: "cases",
                column: "case_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cases_claim_number",
                table: "cases",
                column: "claim_number",
                unique: true,
                filter: "claim_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_cases_open_due",
                table: "cases",
                column: "first_response_due",
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_cases_opened_at",
                table: "cases",
                column: "opened_at");

            migrationBuilder.CreateIndex(
                name: "ix_cases_order_number",
                table: "cases",
                column: "order_number");

            migrationBuilder.CreateIndex(
                name: "ix_known_orders_delivered_at",
                table: "known_orders",
                column: "delivered_at",
                filter: "delivered_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_known_orders_order_number",
                table: "known_orders",
                column: "order_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "seq",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_returns_order_id",
                table: "returns",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_returns_requested_at",
                table: "returns",
                column: "requested_at");

            migrationBuilder.CreateIndex(
                name: "ix_returns_return_number",
                table: "returns",
                column: "return_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_returns_one_open_per_order",
                table: "returns",
                column: "order_id",
                unique: true,
                filter: "status NOT IN ('Rejected', 'Refused', 'Completed')");

            migrationBuilder.CreateIndex(
                name: "ix_surveys_answered_at",
                table: "surveys",
                column: "answered_at",
                filter: "answered_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "known_orders");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "returns");

            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropSequence(
                name: "case_number_seq");

            migrationBuilder.DropSequence(
                name: "claim_number_seq");

            migrationBuilder.DropSequence(
                name: "return_number_seq");
        }
    }
}
