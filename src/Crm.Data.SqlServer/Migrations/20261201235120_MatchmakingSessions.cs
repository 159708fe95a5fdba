using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MatchmakingSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Meetings_MatchId",
                table: "Meetings");

            migrationBuilder.AddColumn<int>(
                name: "SessionId",
                table: "Meetings",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MatchmakingSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EditionId = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    NameZh = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Venue = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Starts = table.Column<TimeOnly>(type: "time", nullable: false),
                    Ends = table.Column<TimeOnly>(type: "time", nullable: false),
                    SlotMinutes = table.Column<int>(type: "int", nullable: false),
                    TablePrefix = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Tables = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchmakingSessions", x => x.Id);
                    table.CheckConstraint("CK_MatchmakingSession_Slots", "\"SlotMinutes\" > 0 AND \"Ends\" > \"Starts\"");
                    table.CheckConstraint("CK_MatchmakingSession_Tables", "\"Tables\" > 0");
                    table.ForeignKey(
                        name: "FK_MatchmakingSessions_Editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "Editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_SessionId",
                table: "Meetings",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "UX_Meeting_Match",
                table: "Meetings",
                column: "MatchId",
                unique: true,
                filter: "\"MatchId\" IS NOT NULL AND \"Status\" <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_MatchmakingSessions_EditionId_Day",
                table: "MatchmakingSessions",
                columns: new[] { "EditionId", "Day" });

            migrationBuilder.AddForeignKey(
                name: "FK_Meetings_MatchmakingSessions_SessionId",
                table: "Meetings",
                column: "SessionId",
                principalTable: "MatchmakingSessions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Meetings_MatchmakingSessions_SessionId",
                table: "Meetings");

            migrationBuilder.DropTable(
                name: "MatchmakingSessions");

            migrationBuilder.DropIndex(
                name: "IX_Meetings_SessionId",
                table: "Meetings");

            migrationBuilder.DropIndex(
                name: "UX_Meeting_Match",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "SessionId",
                table: "Meetings");

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_MatchId",
                table: "Meetings",
                column: "MatchId");
        }
    }
}
