using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Saves a company's facts. The version the form was opened with guards the save: when someone saved the company in
/// between, nothing is written and the result carries their values, for the user to compare and choose.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class UpdateCompany
{
    public sealed record Command(int CompanyId, long ExpectedVersion, string Name, string NameZh, string CountryCode, string SectorCode,
        bool IsFortune500, string? Website) : IRequest<Result>, IWriteRequest;

    /// <summary>The company's facts as stored.</summary>
    public sealed record Facts(string Name, string NameZh, string CountryCode, string SectorCode, bool IsFortune500, string? Website, long Version);

    /// <param name="Current">What is stored now: after a save, the saved facts; after a conflict, the other user's.</param>
    public sealed record Result(bool Saved, Facts Current);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<CompaniesText> text)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameRequired"])
                .MaximumLength(200).WithMessage(_ => text["NameTooLong", 200]);
            RuleFor(c => c.NameZh).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameZhRequired"])
                .MaximumLength(200).WithMessage(_ => text["NameTooLong", 200]);
            RuleFor(c => c.Website)
                .Must(w => string.IsNullOrWhiteSpace(w) || (w.Length <= 200 && Uri.TryCreate(w.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                .WithMessage(_ => text["WebsiteInvalid"]);
            RuleFor(c => c.CountryCode)
                .MustAsync(async (code, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Countries.AnyAsync(c => c.Code == code, ct);
                })
                .WithMessage(c => text["CountryUnknown", c.CountryCode]);
            RuleFor(c => c.SectorCode)
                .MustAsync(async (code, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Sectors.AnyAsync(s => s.Code == code, ct);
                })
                .WithMessage(c => text["SectorUnknown", c.SectorCode]);
            RuleFor(c => c.CompanyId)
                .MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Companies.AnyAsync(c => c.Id == id, ct);
                })
                .WithMessage(_ => text["CompanyNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var company = await db.Companies.SingleAsync(c => c.Id == request.CompanyId, cancellationToken);
            if (company.Version != request.ExpectedVersion)
            {
                return new Result(false, FactsOf(company));
            }
            company.Name = request.Name.Trim();
            company.NameZh = request.NameZh.Trim();
            company.CountryCode = request.CountryCode;
            company.SectorCode = request.SectorCode;
            company.IsFortune500 = request.IsFortune500;
            company.Website = string.IsNullOrWhiteSpace(request.Website) ? null : request.Website.Trim();
            try
            {
                // The version read above guards the UPDATE: a save in between makes this one fail.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
                return new Result(false, FactsOf(await fresh.Companies.AsNoTracking().SingleAsync(c => c.Id == request.CompanyId, cancellationToken)));
            }
            return new Result(true, FactsOf(company));
        }

        private static Facts FactsOf(Company c) => new(c.Name, c.NameZh, c.CountryCode, c.SectorCode, c.IsFortune500, c.Website, c.Version);
    }
}
