using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class RealisationForecast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MatchModels_Kind_Active",
                table: "MatchModels");

            migrationBuilder.DropIndex(
                name: "IX_MatchModels_Kind_CreatedAt",
                table: "MatchModels");

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "MatchModels",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "Ranking");

            migrationBuilder.CreateTable(
                name: "DealForecasts",
                columns: table => new
                {
                    DealId = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Probability = table.Column<double>(type: "REAL", nullable: false),
                    ExpectedValueUsd = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    LikelyBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ForecastOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealForecasts", x => x.DealId);
                    table.ForeignKey(
                        name: "FK_DealForecasts_Deals_DealId",
                        column: x => x.DealId,
                        principalTable: "Deals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MatchModels_Purpose_Kind_Active",
                table: "MatchModels",
                columns: new[] { "Purpose", "Kind" },
                unique: true,
                filter: "\"IsActive\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_MatchModels_Purpose_Kind_CreatedAt",
                table: "MatchModels",
                columns: new[] { "Purpose", "Kind", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DealForecasts");

            migrationBuilder.DropIndex(
                name: "IX_MatchModels_Purpose_Kind_Active",
                table: "MatchModels");

            migrationBuilder.DropIndex(
                name: "IX_MatchModels_Purpose_Kind_CreatedAt",
                table: "MatchModels");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "MatchModels");

            migrationBuilder.CreateIndex(
                name: "IX_MatchModels_Kind_Active",
                table: "MatchModels",
                column: "Kind",
                unique: true,
                filter: "\"IsActive\" = 1");

            migrationBuilder.CreateIndex(
                name: "IX_MatchModels_Kind_CreatedAt",
                table: "MatchModels",
                columns: new[] { "Kind", "CreatedAt" });
        }
    }
}
