using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class SigningEventRecording : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RecordedAt",
                table: "SigningEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordedByUserId",
                table: "SigningEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "SigningEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_SigningEvents_RecordedByUserId",
                table: "SigningEvents",
                column: "RecordedByUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_SigningEvents_AspNetUsers_RecordedByUserId",
                table: "SigningEvents",
                column: "RecordedByUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SigningEvents_AspNetUsers_RecordedByUserId",
                table: "SigningEvents");

            migrationBuilder.DropIndex(
                name: "IX_SigningEvents_RecordedByUserId",
                table: "SigningEvents");

            migrationBuilder.DropColumn(
                name: "RecordedAt",
                table: "SigningEvents");

            migrationBuilder.DropColumn(
                name: "RecordedByUserId",
                table: "SigningEvents");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "SigningEvents");
        }
    }
}
