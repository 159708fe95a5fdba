using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Crm.Data.Migrations
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
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ActualInvestmentUsd",
                table: "Deals",
                type: "REAL",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ActualJobs",
                table: "Deals",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContractCurrency",
                table: "Deals",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ContractValue",
                table: "Deals",
                type: "REAL",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Counterpart",
                table: "Deals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DistrictCode",
                table: "Deals",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IntendedCurrency",
                table: "Deals",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "IntendedValue",
                table: "Deals",
                type: "REAL",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisteredEntity",
                table: "Deals",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExchangeRates",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CnyPerUsd = table.Column<double>(type: "REAL", precision: 10, scale: 4, nullable: false)
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
                    { 2018, 6.6173999999999999 },
                    { 2019, 6.8985000000000003 },
                    { 2020, 6.8975999999999997 },
                    { 2021, 6.4515000000000002 },
                    { 2022, 6.7260999999999997 },
                    { 2023, 7.0467000000000004 },
                    { 2024, 7.1216999999999997 },
                    { 2025, 7.1799999999999997 },
                    { 2026, 7.0999999999999996 }
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
