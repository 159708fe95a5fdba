using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>Where uploaded files wait for their import job (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary><c>Imports:Folder</c>: a folder the app may write to; by default crm-imports in the system's temporary folder.</summary>
    public string Folder { get; set; } = Path.Combine(Path.GetTempPath(), "crm-imports");

    /// <summary><c>Imports:MaxFileBytes</c>: the largest file an administrator may upload (default 100 MB).</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}

/// <param name="StoredFile">The uploaded file's name in <see cref="ImportOptions.Folder"/>.</param>
/// <param name="Culture">The language of the user who started it: the reasons of the report are in it.</param>
public sealed record ImportParameters(string Kind, ImportMode Mode, string FileName, string StoredFile, string Culture);

/// <summary>What an import job did: the importer's result, its reasons kept up to <see cref="ImportFileJob.MaxStoredErrors"/>.</summary>
public sealed record ImportSummary(string Kind, int Rows, int Created, int Updated, int Unchanged, int Rejected, bool Written,
    int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Imports an uploaded CSV or Excel file with the importer the command line uses (every row checked before anything is
/// written, one transaction), in the language of the administrator who started it, and deletes the file afterwards (or,
/// when the process stopped during the import, at the next start: the administrator uploads it again).
/// </summary>
public sealed class ImportFileJob(SystemContextFactory contexts, IOptions<ImportOptions> options) : IJob
{
    public const string Name = "import";

    /// <summary>The reasons kept with the job: a whole file of bad rows would otherwise make a very large row.</summary>
    public const int MaxStoredErrors = 20_000;

    public string Kind => Name;

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var p = JsonSerializer.Deserialize<ImportParameters>(job.Parameters)!;
        var path = Path.Combine(options.Value.Folder, Path.GetFileName(p.StoredFile));
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(p.Culture);
        try
        {
            await using var file = File.OpenRead(path);
            ImportResult result;
            if (Path.GetExtension(p.FileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                progress.Report((ImportProgress.Reading, 0));
                using var csv = ExcelSheet.ToCsv(file);
                result = await Import(csv);
            }
            else
            {
                result = await Import(file);
            }
            return new ImportSummary(result.Kind, result.Rows, result.Created, result.Updated, result.Unchanged, result.Rejected, result.Written,
                result.Errors.Count, result.Errors.Take(MaxStoredErrors).ToList());
        }
        catch (InvalidDataException)
        {
            var error = new ImportError(0, "", Crm.Data.Csv.ImportText.Get("NotAWorkbook"));
            return new ImportSummary(p.Kind, 0, 0, 0, 0, 0, false, 1, [error]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
            File.Delete(path);
        }

        Task<ImportResult> Import(Stream csv) =>
            new CsvImporter(contexts).ImportAsync(p.Kind, csv, p.FileName, p.Mode,
                new ImportToJobProgress(progress), cancellationToken);
    }

    /// <summary>The process stopped during the import: nothing of it was written, and its upload is deleted as at the end of a run.</summary>
    public Task AbandonAsync(BackgroundJob job)
    {
        var p = JsonSerializer.Deserialize<ImportParameters>(job.Parameters)!;
        File.Delete(Path.Combine(options.Value.Folder, Path.GetFileName(p.StoredFile)));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Passes the importer's progress on at once, on the importer's thread (not posted later, as Progress would), except
    /// what it reports inside its transaction: the job's row cannot be written while the import holds SQLite's write lock
    /// (the write would wait for the import, and the import for it). The page shows the writing stage until it is committed.
    /// </summary>
    private sealed class ImportToJobProgress(IProgress<(string Stage, double Fraction)> job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (!value.InTransaction)
            {
                job.Report((value.Stage, value.Fraction));
            }
        }
    }
}
