using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// An organiser defines a matchmaking session of the current edition: its day (one of the show's days, or the week
/// before), venue, hours in Shanghai time, slot length and numbered tables, and whether it provides interpreters.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class CreateSession
{
    public const int MinSlotMinutes = 10;
    public const int MaxSlotMinutes = 120;
    public const int MaxTables = 999;
    public const int TextLength = 200;

    public sealed record Command(string Name, string NameZh, string Venue, DateOnly Day, TimeOnly Starts, TimeOnly Ends, int SlotMinutes,
        string TablePrefix, int Tables, bool ProvidesInterpreters = false) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameRequired"])
                .MaximumLength(TextLength).WithMessage(_ => text["TooLong", TextLength]);
            RuleFor(c => c.NameZh).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameZhRequired"])
                .MaximumLength(TextLength).WithMessage(_ => text["TooLong", TextLength]);
            RuleFor(c => c.Venue).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["VenueRequired"])
                .MaximumLength(TextLength).WithMessage(_ => text["TooLong", TextLength]);
            RuleFor(c => c.SlotMinutes).InclusiveBetween(MinSlotMinutes, MaxSlotMinutes)
                .WithMessage(_ => text["SlotMinutesOutOfRange", MinSlotMinutes, MaxSlotMinutes]);
            RuleFor(c => c.Ends).Must((c, ends) => c.SlotMinutes > 0 && ends > c.Starts && (ends - c.Starts).TotalMinutes >= c.SlotMinutes)
                .WithMessage(_ => text["NoSlot"]);
            RuleFor(c => c.TablePrefix).Matches("^[A-Za-z0-9]{1,8}$").WithMessage(_ => text["TablePrefixInvalid"]);
            RuleFor(c => c.Tables).InclusiveBetween(1, MaxTables).WithMessage(_ => text["TablesOutOfRange", MaxTables]);
            // Table codes are unique in a slot across the edition (the database holds each table once per slot): sessions at
            // the same time need their own prefixes.
            RuleFor(c => c.TablePrefix).MustAsync(async (c, prefix, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var upper = (prefix ?? "").ToUpperInvariant();
                    return !await db.MatchmakingSessions.AnyAsync(s => s.Edition!.Status == EditionStatus.Current && s.Day == c.Day
                        && s.TablePrefix == upper && s.Starts < c.Ends && s.Ends > c.Starts, ct);
                })
                .WithMessage(c => text["TablePrefixInUse", (c.TablePrefix ?? "").ToUpperInvariant()]);
            RuleFor(c => c.Day).MustAsync(async (day, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Editions.AnyAsync(e => e.Status == EditionStatus.Current && day >= e.StartsOn.AddDays(-7) && day <= e.EndsOn, ct);
                })
                .WithMessage(_ => text["DayOutsideEdition"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => e.Id).SingleAsync(cancellationToken);
            var session = new MatchmakingSession
            {
                EditionId = edition, Name = request.Name.Trim(), NameZh = request.NameZh.Trim(), Venue = request.Venue.Trim(), Day = request.Day,
                Starts = request.Starts, Ends = request.Ends, SlotMinutes = request.SlotMinutes, TablePrefix = request.TablePrefix.ToUpperInvariant(),
                Tables = request.Tables, ProvidesInterpreters = request.ProvidesInterpreters,
            };
            db.MatchmakingSessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
            return session.Id;
        }
    }
}
