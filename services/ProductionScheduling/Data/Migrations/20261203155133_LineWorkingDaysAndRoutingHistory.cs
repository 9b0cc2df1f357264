using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPlatform.ProductionScheduling.Data.Migrations
{
    /// <inheritdoc />
    public partial class LineWorkingDaysAndRoutingHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int[]>(
                name: "working_days",
                table: "production_lines",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{1,2,3,4,5,6,7}'::integer[]");

            migrationBuilder.CreateTable(
                name: "reference_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    from = table.Column<string>(type: "jsonb", nullable: true),
                    to = table.Column<string>(type: "jsonb", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("reference_changes_pkey", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reference_changes_kind_key",
                table: "reference_changes",
                columns: new[] { "kind", "key", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reference_changes");

            migrationBuilder.DropColumn(
                name: "working_days",
                table: "production_lines");
        }
    }
}
