using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPlatform.ProductionScheduling.Data.Migrations
{
    /// <inheritdoc />
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "work_order_number_seq");

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
                name: "production_lines",
                columns: table => new
                {
                    code = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    daily_capacity = table.Column<int>(type: "integer", nullable: false),
                    skus = table.Column<string[]>(type: "text[]", nullable: false),
                    warehouse = table.Column<string>(type: "text", nullable: false, defaultValue: "WH-SH")
                },
                constraints: table =>
                {
                    table.PrimaryKey("production_lines_pkey", x => x.code);
                    table.CheckConstraint("production_lines_daily_capacity_check", "daily_capacity > 0");
                });

            migrationBuilder.CreateTable(
                name: "raw_materials",
                columns: table => new
                {
                    sku = table.Column<string>(type: "text", nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("raw_materials_pkey", x => x.sku);
                    table.CheckConstraint("raw_materials_units_check", "units >= 0");
                });

            migrationBuilder.CreateTable(
                name: "work_orders",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_number = table.Column<string>(type: "text", nullable: false),
                    grade = table.Column<string>(type: "text", nullable: false),
                    order_type = table.Column<string>(type: "text", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    order_submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sku = table.Column<string>(type: "text", nullable: false),
                    specification = table.Column<string>(type: "text", nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    line = table.Column<string>(type: "text", nullable: false),
                    warehouse = table.Column<string>(type: "text", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    reworks = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    estimated_completion = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    history = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("work_orders_pkey", x => x.id);
                    table.UniqueConstraint("work_orders_number_key", x => x.number);
                    table.CheckConstraint("work_orders_check", "done >= 0 AND done <= quantity");
                    table.CheckConstraint("work_orders_quantity_check", "quantity > 0");
                    table.ForeignKey(
                        name: "work_orders_line_fkey",
                        column: x => x.line,
                        principalTable: "production_lines",
                        principalColumn: "code");
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unsent",
                table: "outbox_messages",
                column: "seq",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_open",
                table: "work_orders",
                column: "line",
                filter: "status NOT IN ('Passed', 'Cancelled')");

            migrationBuilder.CreateIndex(
                name: "ix_work_orders_order_id",
                table: "work_orders",
                column: "order_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "raw_materials");

            migrationBuilder.DropTable(
                name: "work_orders");

            migrationBuilder.DropTable(
                name: "production_lines");

            migrationBuilder.DropSequence(
                name: "work_order_number_seq");
        }
    }
}
