using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionInterpretersAvailabilityOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_MatchId",
                table: "Deals");

            migrationBuilder.AddColumn<int>(
                name: "InterpreterId",
                table: "Meetings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "Meetings",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OutcomeNotes",
                table: "Meetings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OutcomeRecordedAt",
                table: "Meetings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ProvidesInterpreters",
                table: "MatchmakingSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "NextStep",
                table: "Deals",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextStepDueOn",
                table: "Deals",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ExhibitorAvailabilities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ExhibitorId = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    Until = table.Column<TimeOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExhibitorAvailabilities", x => x.Id);
                    table.CheckConstraint("CK_ExhibitorAvailability_Window", "\"Until\" > \"From\"");
                    table.ForeignKey(
                        name: "FK_ExhibitorAvailabilities_Exhibitors_ExhibitorId",
                        column: x => x.ExhibitorId,
                        principalTable: "Exhibitors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ExhibitorAvailabilities_MatchmakingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "MatchmakingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionInterpreters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionInterpreters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionInterpreters_MatchmakingSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "MatchmakingSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "UX_Meeting_Interpreter_Slot",
                table: "Meetings",
                columns: new[] { "InterpreterId", "StartsAt" },
                unique: true,
                filter: "\"InterpreterId\" IS NOT NULL AND \"Status\" <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "UX_Deal_Match",
                table: "Deals",
                column: "MatchId",
                unique: true,
                filter: "\"MatchId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ExhibitorAvailabilities_ExhibitorId",
                table: "ExhibitorAvailabilities",
                column: "ExhibitorId");

            migrationBuilder.CreateIndex(
                name: "IX_ExhibitorAvailabilities_SessionId_ExhibitorId",
                table: "ExhibitorAvailabilities",
                columns: new[] { "SessionId", "ExhibitorId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionInterpreters_SessionId_Language",
                table: "SessionInterpreters",
                columns: new[] { "SessionId", "Language" });

            migrationBuilder.AddForeignKey(
                name: "FK_Meetings_SessionInterpreters_InterpreterId",
                table: "Meetings",
                column: "InterpreterId",
                principalTable: "SessionInterpreters",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Meetings_SessionInterpreters_InterpreterId",
                table: "Meetings");

            migrationBuilder.DropTable(
                name: "ExhibitorAvailabilities");

            migrationBuilder.DropTable(
                name: "SessionInterpreters");

            migrationBuilder.DropIndex(
                name: "UX_Meeting_Interpreter_Slot",
                table: "Meetings");

            migrationBuilder.DropIndex(
                name: "UX_Deal_Match",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "InterpreterId",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "OutcomeNotes",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "OutcomeRecordedAt",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "ProvidesInterpreters",
                table: "MatchmakingSessions");

            migrationBuilder.DropColumn(
                name: "NextStep",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "NextStepDueOn",
                table: "Deals");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_MatchId",
                table: "Deals",
                column: "MatchId");
        }
    }
}
