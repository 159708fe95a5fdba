using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MatchDecisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CounterpartDecidedAt",
                table: "Matches",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CounterpartReason",
                table: "Matches",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExhibitorDecidedAt",
                table: "Matches",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExhibitorReason",
                table: "Matches",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RequestExpiresAt",
                table: "Matches",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Matches",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "AutoAcceptsRequests",
                table: "Exhibitors",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_Matches_ExhibitorId_CounterpartDecision_ExhibitorDecision",
                table: "Matches",
                columns: new[] { "ExhibitorId", "CounterpartDecision", "ExhibitorDecision" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Matches_ExhibitorId_CounterpartDecision_ExhibitorDecision",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "CounterpartDecidedAt",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "CounterpartReason",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "ExhibitorDecidedAt",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "ExhibitorReason",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "RequestExpiresAt",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Matches");

            migrationBuilder.DropColumn(
                name: "AutoAcceptsRequests",
                table: "Exhibitors");
        }
    }
}
