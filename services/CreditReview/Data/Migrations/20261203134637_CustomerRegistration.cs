using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPlatform.CreditReview.Data.Migrations
{
    /// <inheritdoc />
    public partial class CustomerRegistration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "customer_number_seq");

            migrationBuilder.AddColumn<string>(
                name: "address",
                table: "customers",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "contact_name",
                table: "customers",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "history",
                table: "customers",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<int>(
                name: "payment_terms_days",
                table: "customers",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "registered_at",
                table: "customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tax_id",
                table: "customers",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "address",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "contact_name",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "history",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "payment_terms_days",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "registered_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "tax_id",
                table: "customers");

            migrationBuilder.DropSequence(
                name: "customer_number_seq");
        }
    }
}
