using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class JobLeasesAndUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ActiveKey",
                table: "BackgroundJobs",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AfterJobId",
                table: "BackgroundJobs",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "BackgroundJobs",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "CancelRequested",
                table: "BackgroundJobs",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Duplicates",
                table: "BackgroundJobs",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "JoinQueued");

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "BackgroundJobs",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "BackgroundJobs",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ImportUploads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportUploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "UX_BackgroundJob_ActiveKey",
                table: "BackgroundJobs",
                column: "ActiveKey",
                unique: true,
                filter: "\"ActiveKey\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportUploads");

            migrationBuilder.DropIndex(
                name: "UX_BackgroundJob_ActiveKey",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "ActiveKey",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "AfterJobId",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "CancelRequested",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "Duplicates",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "LeaseExpiresAt",
                table: "BackgroundJobs");

            migrationBuilder.DropColumn(
                name: "LeaseOwner",
                table: "BackgroundJobs");
        }
    }
}
