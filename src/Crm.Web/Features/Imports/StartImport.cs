using System.Globalization;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// An administrator uploads a CSV or Excel file of one kind (companies, exhibitors, buyers, delegations …) and chooses
/// what a bad row does: nothing is written, or only the valid rows are. The import runs as a background job.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class StartImport
{
    public sealed record Command(string Kind, ImportMode Mode, string FileName, byte[] Content) : IRequest<int>, IWriteRequest;

    public static readonly IReadOnlyList<string> Extensions = [".csv", ".xlsx"];

    /// <summary>A size in MB as people read it: 100, 0.1.</summary>
    public static string Megabytes(long bytes) => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.CurrentCulture);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ImportsText> text, IOptions<ImportOptions> options)
        {
            RuleFor(c => c.Kind).Must(k => CsvKinds.Find(k) is not null).WithMessage(c => text["UnknownKind", c.Kind]);
            RuleFor(c => c.Mode).IsInEnum().WithMessage(_ => text["UnknownMode"]);
            RuleFor(c => c.FileName).Must(f => Extensions.Contains(Path.GetExtension(f ?? ""), StringComparer.OrdinalIgnoreCase))
                .WithMessage(_ => text["WrongFileType"]);
            RuleFor(c => c.Content).Must(c => c is { Length: > 0 }).WithMessage(_ => text["EmptyUpload"])
                .Must(c => c is null || c.Length <= options.Value.MaxFileBytes)
                .WithMessage(_ => text["FileTooLarge", Megabytes(options.Value.MaxFileBytes)]);
        }
    }

    /// <summary>The file waits in the database (<see cref="ImportUpload"/>), where any instance's runner finds it.</summary>
    internal sealed class Handler(JobQueue jobs, ICurrentUser user, SystemContextFactory contexts) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            var name = Path.GetFileName(request.FileName);
            var upload = new ImportUpload { FileName = name, Content = request.Content, CreatedAt = DateTime.UtcNow };
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                db.ImportUploads.Add(upload);
                await db.SaveChangesAsync(cancellationToken);
            }
            var kind = CsvKinds.Find(request.Kind)!.Name;
            return await jobs.EnqueueAsync(ImportFileJob.Name,
                new ImportParameters(kind, request.Mode, name, upload.Id, CultureInfo.CurrentUICulture.Name),
                me.UserId, me.UserName ?? "", cancellationToken);
        }
    }
}
