using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class DealStageFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Values",
                table: "DealStageChanges",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ActualInvestmentUsd",
                table: "Deals",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ActualJobs",
                table: "Deals",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContractCurrency",
                table: "Deals",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ContractValue",
                table: "Deals",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Counterpart",
                table: "Deals",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DistrictCode",
                table: "Deals",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntendedCurrency",
                table: "Deals",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "IntendedValue",
                table: "Deals",
                type: "decimal(18,2)",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredEntity",
                table: "Deals",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExchangeRates",
                columns: table => new
                {
                    Year = table.Column<int>(type: "int", nullable: false),
                    CnyPerUsd = table.Column<decimal>(type: "decimal(10,4)", precision: 10, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExchangeRates", x => x.Year);
                    table.CheckConstraint("CK_ExchangeRate_Positive", "\"CnyPerUsd\" > 0");
                });

            migrationBuilder.InsertData(
                table: "ExchangeRates",
                columns: new[] { "Year", "CnyPerUsd" },
                values: new object[,]
                {
                    { 2018, 6.6174m },
                    { 2019, 6.8985m },
                    { 2020, 6.8976m },
                    { 2021, 6.4515m },
                    { 2022, 6.7261m },
                    { 2023, 7.0467m },
                    { 2024, 7.1217m },
                    { 2025, 7.1800m },
                    { 2026, 7.1000m }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deals_DistrictCode",
                table: "Deals",
                column: "DistrictCode");

            migrationBuilder.AddForeignKey(
                name: "FK_Deals_Districts_DistrictCode",
                table: "Deals",
                column: "DistrictCode",
                principalTable: "Districts",
                principalColumn: "Code",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Deals_Districts_DistrictCode",
                table: "Deals");

            migrationBuilder.DropTable(
                name: "ExchangeRates");

            migrationBuilder.DropIndex(
                name: "IX_Deals_DistrictCode",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "Values",
                table: "DealStageChanges");

            migrationBuilder.DropColumn(
                name: "ActualInvestmentUsd",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "ActualJobs",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "ContractCurrency",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "ContractValue",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "Counterpart",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "DistrictCode",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "IntendedCurrency",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "IntendedValue",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "RegisteredEntity",
                table: "Deals");
        }
    }
}
