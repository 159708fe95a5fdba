using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Meetings;
using Crm.Web.Features.Pipeline;
using Crm.Web.Features.ServiceIssues;
using Crm.Web.Features.Signings;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Tests.Access;
using Crm.Web.Tests.Meetings;
using FsCheck;
using FsCheck.Fluent;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.BadInput;

/// <summary>
/// The write commands the HTTP API will expose, sent with generated (often extreme) field values through the real
/// mediator and its behaviours (authorisation, validation, audit) over the small seed: each either succeeds within the
/// rules or is refused with a <see cref="RequestValidationException"/> whose every message is clear in the language asked
/// for (en and zh-CN), and a refused command writes nothing (row counts, versions and audit rows unchanged). No other
/// exception, except <see cref="AccessDeniedException"/> for a record id outside the user's reach (which the access
/// rules refuse before anything is validated, and audit as such). Each test arranges its records and removes them.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class CommandFuzzTests(SeededCrm crm)
{
    /// <summary>Generated commands per run (see docs/reliability-badinput.md).</summary>
    public const int PipelineCases = 60;
    public const int BookingCases = 30;
    public const int TextCases = 120;

    private static readonly DateOnly Earliest = StageFacts.Earliest;
    private static readonly DateOnly Latest = StageFacts.Latest;

    // ---- values ---------------------------------------------------------------------------------------------------

    /// <summary>Text as an API client may send it: missing, blank, around the field's limits, huge, markup, formulas, control and broken characters.</summary>
    private static Gen<string?> Text(params int[] limits) => Gen.Frequency<string?>(
        (4, Gen.Elements<string?>("Call the investor", "拜访总部，确认投资意向", "O'Brien & Söhne GmbH", "  padded  ")),
        (3, Gen.Elements<string?>(null, "", " ", "\t\r\n", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\",\"y\")",
            "'; DROP TABLE Companies; --", "a\0b", "\u0001\u001f", "\uD800", "x\uDC00y", "\u202Egnp.exe", "😀🎉", "{0}{1}", "%s%n")),
        (3, Gen.Elements(limits.SelectMany(l => new[] { l - 1, l, l + 1 }).Append(100_000).ToArray()).Select(n => (string?)new string('x', n))),
        (1, ArbMap.Default.GeneratorFor<string?>()));

    private static Gen<DateOnly?> Date() => Gen.Frequency(
        (3, Gen.Elements<DateOnly?>(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 20))),
        (3, Gen.Elements<DateOnly?>(null, DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31),
            Earliest.AddDays(-1), Earliest, Latest, Latest.AddDays(1))),
        (1, Gen.Choose(1, 3_652_058).Select(d => (DateOnly?)DateOnly.FromDayNumber(d - 1))));

    private static Gen<decimal?> Amount() => Gen.Elements<decimal?>(null, decimal.MinValue, decimal.MaxValue, -1m, 0m, 0.01m, 1_000_000m,
        Deal.MaxAmount, Deal.MaxAmount + 0.01m, 1e-28m, 79_228_162_514_264_337_593_543_950_335m);

    private static Gen<int?> Count() => Gen.Elements<int?>(null, int.MinValue, -1, 0, 1, 250, Deal.MaxJobs, Deal.MaxJobs + 1, int.MaxValue);

    /// <summary>The known record mostly, otherwise an id that may name nothing.</summary>
    private static Gen<int> Id(int known) => Gen.Frequency((5, Gen.Constant(known)), (1, Gen.Elements(0, -1, int.MinValue, int.MaxValue)), (1, Gen.Choose(1, 1_000_000)));

    private static Gen<T> Choice<T>() where T : struct, Enum =>
        Gen.Frequency((6, Gen.Elements(Enum.GetValues<T>())), (1, Gen.Elements((T)(object)99, (T)(object)(-1))));

    private static Gen<bool> Current() => Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)));

    private static Gen<string> Culture() => Gen.Elements("en", "zh-CN");

    // ---- pipeline -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Creating_and_moving_deals_with_random_fields_succeeds_within_the_rules_or_is_refused_with_reasons_and_writes_nothing()
    {
        var (exhibitor, deal) = await ArrangePipelineAsync();
        var team = crm.TeamMember.TeamIds[0];
        try
        {
            var create =
                from kind in Choice<MatchKind>()
                from exhibitorId in Id(exhibitor)
                from teamId in Gen.Frequency((5, Gen.Constant<int?>(team)), (1, Gen.Elements<int?>(null, -1, int.MaxValue)))
                from buyerId in Gen.Frequency((5, Gen.Constant<int?>(null)), (1, Gen.Elements<int?>(1, -1, int.MaxValue)))
                from stage in Choice<DealStage>()
                from nextStep in Text(Deal.NextStepMaxLength)
                from due in Date()
                from culture in Culture()
                select Spec($"CreateDeal({kind}, {exhibitorId}, {teamId}, {buyerId}, {stage}, {Shown(nextStep)}, {due}) {culture}", culture, crm.TeamMember,
                    user => Task.FromResult(Sent(user, new CreateDeal.Command(kind, exhibitorId, teamId, buyerId, stage, nextStep, due),
                        saved: _ => true,
                        deniable: teamId != team || buyerId is not null,
                        withinRules: () => due >= Earliest && due <= Latest)));
            var facts =
                from currency in Choice<DealCurrency>()
                from amount in Amount()
                from signedOn in Date()
                from counterpart in Text(Deal.NameMaxLength)
                from entity in Text(Deal.NameMaxLength)
                from capital in Amount()
                from capex in Amount()
                from jobs in Count()
                from district in Gen.Elements<string?>(null, "", "PD", "XX", "<b>")
                from landed in Date()
                from works in Date()
                from actualJobs in Count()
                from actual in Amount()
                select new StageFacts
                {
                    Currency = currency, Amount = amount, SignedOn = signedOn, Counterpart = counterpart, RegisteredEntity = entity, RegisteredCapital = capital,
                    Capex = capex, PlannedJobs = jobs, DistrictCode = district, LandedOn = landed, StartOfWorksOn = works, ActualJobs = actualJobs,
                    ActualInvestment = actual,
                };
            var move =
                from dealId in Id(deal)
                from current in Current()
                from version in ArbMap.Default.GeneratorFor<long>()
                from kind in Gen.Frequency((5, Gen.Constant(MatchKind.Investment)), (1, Choice<MatchKind>()))
                from fromStage in Gen.Frequency((5, Gen.Constant<DealStage?>(null)), (1, Choice<DealStage>().Select(s => (DealStage?)s)))
                from to in Choice<DealStage>()
                from reason in Text(MoveDealStage.MaxReasonLength)
                from given in Gen.Frequency((1, Gen.Constant<StageFacts?>(null)), (4, facts.Select(f => (StageFacts?)f)))
                from nextStep in Text(Deal.NextStepMaxLength)
                from due in Date()
                from culture in Culture()
                select Spec($"MoveDealStage({dealId}, {(current ? "current" : version)}, {kind}, {fromStage?.ToString() ?? "its stage"} → {to}, {Shown(reason)}, {given}, {Shown(nextStep)}, {due}) {culture}",
                    culture, crm.TeamMember, async user =>
                    {
                        var (stage, stored) = await DealStateAsync(deal);
                        return Sent(user, new MoveDealStage.Command(dealId, current ? stored : version, kind, fromStage ?? stage, to, reason, given, nextStep, due),
                            saved: r => r.Moved,
                            deniable: dealId != deal,
                            withinRules: () => InRange(due) && InRange(given?.SignedOn) && InRange(given?.LandedOn) && InRange(given?.StartOfWorksOn)
                                && !(given?.Amount > Deal.MaxAmount));
                    });

            await CheckAllAsync(Gen.OneOf(create, move), PipelineCases, afterSaving: async () =>
            {
                await using var db = crm.Database.CreateDbContext();
                await db.Deals.Where(d => d.Id == deal).ExecuteUpdateAsync(s => s.SetProperty(d => d.Stage, DealStage.Met));
            });
        }
        finally
        {
            await using var db = crm.Database.CreateDbContext();
            await db.DealStageChanges.Where(c => c.DealId == deal).ExecuteDeleteAsync();
            await db.Deals.Where(d => d.Id == deal).ExecuteDeleteAsync();
        }
    }

    // ---- booking --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Booking_with_random_fields_books_within_the_rules_or_is_refused_with_reasons_and_writes_nothing()
    {
        var session = await crm.SessionAsync(tables: 2, hour: 20, day: new DateOnly(2026, 11, 8));
        var pair = await crm.ConfirmedAsync(24, 2);
        var proposed = await crm.ConfirmedAsync(25, 3, confirmed: false);
        try
        {
            var book =
                from match in Gen.Frequency((4, Gen.Constant(pair)), (1, Gen.Constant(proposed)), (1, Id(pair)))
                from sessionId in Id(session)
                from slot in Gen.Elements(-1, 0, 1, 5, 6, int.MinValue, int.MaxValue)
                from place in Choice<MeetingPlace>()
                from culture in Culture()
                select Spec($"BookMeeting({match}, {sessionId}, {slot}, {place}) {culture}", culture, crm.DelegationLead,
                    user => Task.FromResult(Sent(user, new BookMeeting.Command(match, sessionId, slot, place), saved: _ => true,
                        deniable: match != pair && match != proposed, withinRules: () => slot is >= 0 and < 6)));

            await CheckAllAsync(book, BookingCases);
        }
        finally
        {
            await using var db = crm.Database.CreateDbContext();
            await db.Meetings.Where(m => m.SessionId == session).ExecuteDeleteAsync();
            await db.Matches.Where(m => m.Id == pair || m.Id == proposed).ExecuteDeleteAsync();
            await db.MatchmakingSessions.Where(s => s.Id == session).ExecuteDeleteAsync();
        }
    }

    // ---- commands with free text ----------------------------------------------------------------------------------

    [Fact]
    public async Task Commands_with_free_text_succeed_within_the_rules_or_are_refused_with_reasons_and_write_nothing()
    {
        var arranged = await ArrangeTextAsync();
        var (company, contact, issue, meeting) = (arranged.Company, arranged.Contact, arranged.Issue, arranged.Meeting);
        try
        {
            var updateCompany =
                from current in Current()
                from name in Text(200)
                from nameZh in Text(200)
                from country in Gen.Elements<string?>("DE", "CN", null, "", "ZZ", "<script>")
                from website in Gen.Elements<string?>(null, "", "https://example.com", "http://例子.中国", "javascript:alert(1)", "ftp://x", "https://" + new string('x', 200))
                from fortune in Gen.Elements(true, false)
                from culture in Culture()
                select Spec($"UpdateCompany({Shown(name)}, {Shown(nameZh)}, {country}, {website}) {culture}", culture, crm.Manager, async user =>
                    Sent(user, new UpdateCompany.Command(company, current ? await VersionAsync<Company>(company) : -5, name!, nameZh!, country!, arranged.Sector, fortune, website),
                        saved: r => r.Saved, deniable: false, withinRules: () => website is null || website.Length == 0 || website.StartsWith("http")));
            var contactFields =
                from name in Text(Contact.NameMaxLength)
                from nameZh in Text(Contact.NameMaxLength)
                from title in Text(Contact.JobTitleMaxLength)
                from email in Gen.Elements<string?>(null, "", "li.fang@example.com", "li.fang at 163.com", "<a@b.c>", new string('a', 250) + "@example.com")
                from phone in Gen.Elements<string?>(null, "", "+86 138 0000 1111", "=1+1", "javascript:alert(1)", new string('1', 40))
                from primary in Gen.Elements(true, false)
                from notes in Text(Contact.NotesMaxLength)
                select (Name: name, NameZh: nameZh, Title: title, Email: email, Phone: phone, Primary: primary, Notes: notes);
            var addContact =
                from f in contactFields
                from companyId in Id(company)
                from culture in Culture()
                select Spec($"AddContact({companyId}, {Shown(f.Name)}, {f.Email}, {f.Phone}, {Shown(f.Notes)}) {culture}", culture, crm.Manager,
                    user => Task.FromResult(Sent(user, new AddContact.Command(companyId, f.Name!, f.NameZh, f.Title, f.Email, f.Phone, f.Primary, f.Notes),
                        saved: _ => true, deniable: false, withinRules: () => true)));
            var updateContact =
                from f in contactFields
                from current in Current()
                from culture in Culture()
                select Spec($"UpdateContact({Shown(f.Name)}, {f.Email}, {f.Phone}, {Shown(f.Notes)}) {culture}", culture, crm.Manager, async user =>
                    Sent(user, new UpdateContact.Command(contact, current ? await VersionAsync<Contact>(contact) : 99, f.Name!, f.NameZh, f.Title, f.Email, f.Phone,
                        f.Primary, f.Notes), saved: r => r.Saved, deniable: false, withinRules: () => true));
            var recordIssue =
                from editionNumber in Gen.Frequency((5, Gen.Constant(9)), (1, Gen.Elements(0, 8, 99, int.MinValue)))
                from companyId in Id(arranged.Exhibiting)
                from party in Choice<ServiceIssueParty>()
                from category in Choice<ServiceIssueCategory>()
                from severity in Choice<ServiceIssueSeverity>()
                from title in Text(ServiceIssueWrites.TitleLength)
                from description in Text(ServiceIssueWrites.TextLength)
                from owner in Gen.Elements<string?>(null, crm.Manager.Id, crm.Viewer.Id, "nobody", "")
                from culture in Culture()
                select Spec($"RecordServiceIssue({editionNumber}, {companyId}, {party}, {category}, {severity}, {Shown(title)}, {Shown(description)}, {owner}) {culture}",
                    culture, crm.Manager, user => Task.FromResult(Sent(user, new RecordServiceIssue.Command(editionNumber, companyId, party, category, severity, title!,
                        description, owner), saved: _ => true, deniable: false, withinRules: () => true)));
            var updateIssue =
                from current in Current()
                from category in Choice<ServiceIssueCategory>()
                from severity in Choice<ServiceIssueSeverity>()
                from title in Text(ServiceIssueWrites.TitleLength)
                from description in Text(ServiceIssueWrites.TextLength)
                from culture in Culture()
                select Spec($"UpdateServiceIssue({category}, {severity}, {Shown(title)}, {Shown(description)}) {culture}", culture, crm.Manager, async user =>
                    Sent(user, new UpdateServiceIssue.Command(issue, current ? await VersionAsync<ServiceIssue>(issue) : 77, category, severity, title!, description),
                        saved: r => r.Saved, deniable: false, withinRules: () => true));
            var resolveIssue =
                from current in Current()
                from resolution in Text(ServiceIssueWrites.TextLength)
                from culture in Culture()
                select Spec($"ResolveServiceIssue({Shown(resolution)}) {culture}", culture, crm.Manager, async user =>
                    Sent(user, new ResolveServiceIssue.Command(issue, current ? await VersionAsync<ServiceIssue>(issue) : 77, resolution!),
                        saved: r => r.Saved, deniable: false, withinRules: () => true));
            var recordActivity =
                from companyId in Id(company)
                from kind in Choice<ActivityKind>()
                from subject in Text(RecordActivity.Validator.SubjectLength)
                from notes in Text(RecordActivity.Validator.NotesLength)
                from due in Date()
                from owner in Gen.Elements<string?>(null, crm.Manager.Id, "nobody")
                from culture in Culture()
                select Spec($"RecordActivity({companyId}, {kind}, {Shown(subject)}, {Shown(notes)}, {due}, {owner}) {culture}", culture, crm.Manager,
                    user => Task.FromResult(Sent(user, new RecordActivity.Command(companyId, kind, subject!, notes, due, owner), saved: _ => true, deniable: false,
                        withinRules: () => InRange(due))));
            var createSigning =
                from editionNumber in Gen.Frequency((5, Gen.Constant(9)), (1, Gen.Elements(0, 99, int.MaxValue)))
                from name in Text(SigningEvent.NameMaxLength)
                from nameZh in Text(SigningEvent.NameZhMaxLength)
                from held in Gen.Frequency((3, Gen.Constant<DateOnly?>(new DateOnly(2026, 11, 7))), (2, Date()))
                from venue in Text(SigningEvent.VenueMaxLength)
                from culture in Culture()
                select Spec($"CreateSigningEvent({editionNumber}, {Shown(name)}, {Shown(nameZh)}, {held}, {Shown(venue)}) {culture}", culture, crm.Manager,
                    user => Task.FromResult(Sent(user, new CreateSigningEvent.Command(editionNumber, name!, nameZh!, held, venue), saved: _ => true, deniable: false,
                        withinRules: () => held?.Year is 2026 or 2027)));
            var recordOutcome =
                from current in Current()
                from meetingId in Id(meeting)
                from outcome in Choice<MeetingOutcome>()
                from notes in Text(Meeting.OutcomeNotesMaxLength)
                from nextStep in Text(Deal.NextStepMaxLength)
                from due in Date()
                from culture in Culture()
                select Spec($"RecordMeetingOutcome({meetingId}, {outcome}, {Shown(notes)}, {Shown(nextStep)}, {due}) {culture}", culture, crm.Manager, async user =>
                    Sent(user, new RecordMeetingOutcome.Command(meetingId, current ? await VersionAsync<Meeting>(meeting) : 55, outcome, notes, nextStep, due),
                        saved: r => r.Saved, deniable: meetingId != meeting,
                        withinRules: () => outcome == MeetingOutcome.NoInterest || InRange(due)));

            await CheckAllAsync(Gen.OneOf(updateCompany, addContact, updateContact, recordIssue, updateIssue, resolveIssue, recordActivity, createSigning, recordOutcome),
                TextCases, afterSaving: async () =>
                {
                    // The arranged issue and meeting open again, so that later cases can change them too.
                    await using var db = crm.Database.CreateDbContext();
                    await db.ServiceIssues.Where(i => i.Id == issue).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ServiceIssueStatus.Open)
                        .SetProperty(i => i.Resolution, (string?)null).SetProperty(i => i.ResolvedAt, (DateTime?)null));
                    await db.Meetings.Where(m => m.Id == meeting).ExecuteUpdateAsync(s => s.SetProperty(m => m.Outcome, (MeetingOutcome?)null)
                        .SetProperty(m => m.OutcomeNotes, (string?)null).SetProperty(m => m.OutcomeRecordedAt, (DateTime?)null));
                });
        }
        finally
        {
            await using var db = crm.Database.CreateDbContext();
            await db.ServiceIssues.Where(i => i.Id == issue).ExecuteDeleteAsync();
            await db.Meetings.Where(m => m.Id == meeting).ExecuteDeleteAsync();
            await db.Activities.Where(a => a.CompanyId == company).ExecuteDeleteAsync();
            await db.Contacts.Where(c => c.CompanyId == company).ExecuteDeleteAsync();
            await db.Companies.Where(c => c.Id == company).ExecuteDeleteAsync();
        }
    }

    // ---- the property every command keeps --------------------------------------------------------------------------

    /// <summary>A generated command, described for the failure report, built when it runs (so it sees the current versions).</summary>
    private sealed record Generated(string Description, string Culture, SeededUser User, Func<Task<Case>> Build)
    {
        public override string ToString() => $"{Description} as {User}";
    }

    /// <summary>
    /// A command ready to send as its user: whether a response means something was saved, whether an access refusal may be
    /// right (it names a record other than the arranged one), and the rules a saved command must have kept.
    /// </summary>
    private sealed record Case(object Command, Func<Task<object?>> Send, Func<object?, bool> Saved, bool Deniable, Func<bool> WithinRules);

    private static Generated Spec(string description, string culture, SeededUser user, Func<SeededUser, Task<Case>> build) =>
        new(description, culture, user, () => build(user));

    private Case Sent<T>(SeededUser user, IRequest<T> command, Func<T, bool> saved, bool deniable, Func<bool> withinRules) =>
        new(command, async () => await crm.SendAs(user, command), r => saved((T)r!), deniable, withinRules);

    private async Task CheckAllAsync(Gen<Generated> specs, int cases, Func<Task>? afterSaving = null)
    {
        Check.One(Fuzz.Config(cases), Prop.ForAll(specs.ToArbitrary(), spec => Task.Run(async () =>
        {
            var c = await spec.Build();
            var before = await SnapshotAsync();
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(spec.Culture);
            object? response;
            try
            {
                response = await c.Send();
            }
            catch (RequestValidationException refused)
            {
                Assert.NotEmpty(refused.Failures);
                Assert.All(refused.Failures, f => AssertClear(f.ErrorMessage, spec.Culture));
                Assert.Equal(before, await SnapshotAsync());
                return;
            }
            catch (AccessDeniedException)
            {
                Assert.True(c.Deniable, $"{spec}: refused access to the arranged records");
                Assert.Equal(before, await SnapshotAsync());
                return;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{spec} threw {ex.GetType().Name}: {ex.Message}");
                return;
            }
            if (!c.Saved(response))
            {
                Assert.Equal(before, await SnapshotAsync());
                return;
            }
            Assert.True(c.WithinRules(), $"{spec} was saved against the rules");
            Assert.False(HoldsBrokenText(c.Command), $"{spec} saved a control or broken character");
            await RemoveAddedAsync(before);
            if (afterSaving is not null)
            {
                await afterSaving();
            }
        }).GetAwaiter().GetResult()));
    }

    private static readonly Regex _placeholder = new(@"\{\d+(:[^}]*)?\}");
    private static readonly Regex _bareKey = new(@"^[A-Za-z][A-Za-z0-9_.]*$");

    private static void AssertClear(string message, string culture)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotMatch(_placeholder, message);
        Assert.DoesNotMatch(_bareKey, message); // a resource key the localizer did not find
        if (culture == "zh-CN")
        {
            Assert.Matches("[\u4e00-\u9fff]", message);
        }
    }

    /// <summary>What a refused command must leave as it was: the rows of every table the commands write, their versions, the audit trail.</summary>
    private sealed record Snapshot(int Companies, int Contacts, int Activities, int Deals, int StageChanges, int Meetings, int Issues, int Signings,
        int Sessions, int Matches, int Audit, long Versions, int MaxActivity, int MaxStageChange, int MaxDeal, int MaxMeeting, int MaxContact, int MaxIssue,
        int MaxSigning);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var versions = await db.Companies.SumAsync(c => c.Version) + await db.Contacts.SumAsync(c => c.Version) + await db.Deals.SumAsync(d => d.Version)
            + await db.ServiceIssues.SumAsync(i => i.Version) + await db.Meetings.SumAsync(m => m.Version) + await db.Matches.SumAsync(m => m.Version);
        return new Snapshot(await db.Companies.CountAsync(), await db.Contacts.CountAsync(), await db.Activities.CountAsync(), await db.Deals.CountAsync(),
            await db.DealStageChanges.CountAsync(), await db.Meetings.CountAsync(), await db.ServiceIssues.CountAsync(), await db.SigningEvents.CountAsync(),
            await db.MatchmakingSessions.CountAsync(), await db.Matches.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action != AuditAction.AccessDenied),
            versions, await MaxAsync(db.Activities.Select(a => a.Id)), await MaxAsync(db.DealStageChanges.Select(c => c.Id)), await MaxAsync(db.Deals.Select(d => d.Id)),
            await MaxAsync(db.Meetings.Select(m => m.Id)), await MaxAsync(db.Contacts.Select(c => c.Id)), await MaxAsync(db.ServiceIssues.Select(i => i.Id)),
            await MaxAsync(db.SigningEvents.Select(e => e.Id)));
    }

    private static async Task<int> MaxAsync(IQueryable<int> ids) => await ids.Select(id => (int?)id).MaxAsync() ?? 0;

    /// <summary>Removes the rows a saved command added, so that the next case starts from the same records.</summary>
    private async Task RemoveAddedAsync(Snapshot before)
    {
        await using var db = crm.Database.CreateDbContext();
        await db.Activities.Where(a => a.Id > before.MaxActivity).ExecuteDeleteAsync();
        await db.DealStageChanges.Where(c => c.Id > before.MaxStageChange).ExecuteDeleteAsync();
        await db.Meetings.Where(m => m.Id > before.MaxMeeting).ExecuteDeleteAsync();
        await db.Deals.Where(d => d.Id > before.MaxDeal).ExecuteDeleteAsync();
        await db.Contacts.Where(c => c.Id > before.MaxContact).ExecuteDeleteAsync();
        await db.ServiceIssues.Where(i => i.Id > before.MaxIssue).ExecuteDeleteAsync();
        await db.SigningEvents.Where(e => e.Id > before.MaxSigning).ExecuteDeleteAsync();
    }

    // ---- arrangements ---------------------------------------------------------------------------------------------

    /// <summary>An exhibitor of the current edition nobody has a deal with, and a deal of the member's team at Met.</summary>
    private async Task<(int Exhibitor, int Deal)> ArrangePipelineAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var dealt = db.Deals.IgnoreQueryFilters().Select(d => d.ExhibitorId);
        var free = await db.Exhibitors.Where(e => e.Edition!.Number == 9 && !dealt.Contains(e.Id) && e.InvestmentOwnerTeamId == null)
            .OrderByDescending(e => e.Id).Skip(40).ToListAsync();
        var deal = new Deal
        {
            Code = "D09-990001", EditionId = free[1].EditionId, Kind = MatchKind.Investment, ExhibitorId = free[1].Id,
            PromotionTeamId = crm.TeamMember.TeamIds[0], Stage = DealStage.Met, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return (free[0].Id, deal.Id);
    }

    private sealed record TextArrangement(int Company, int Contact, int Issue, int Meeting, string Sector, int Exhibiting);

    /// <summary>A company with a contact, an open issue of an exhibitor, and a held meeting without an outcome, all of the current edition.</summary>
    private async Task<TextArrangement> ArrangeTextAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.SingleAsync(e => e.Number == 9);
        var sector = await db.Sectors.OrderBy(s => s.Code).Select(s => s.Code).FirstAsync();
        var company = new Company { Code = "ZC-FUZZ", Name = "Fuzz Company", NameZh = "模糊测试公司", CountryCode = "DE", SectorCode = sector };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var contact = new Contact { Code = "P999001", CompanyId = company.Id, Name = "Fuzz Person", CreatedAt = DateTime.UtcNow };
        db.Contacts.Add(contact);
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == edition.Id).OrderBy(e => e.Id).Skip(5).FirstAsync();
        var buyer = await db.Buyers.Where(b => b.EditionId == edition.Id).OrderBy(b => b.Id).Skip(5).FirstAsync();
        var issue = new ServiceIssue
        {
            Code = "SI09-99001", EditionId = edition.Id, CompanyId = exhibitor.CompanyId, RaisedAs = ServiceIssueParty.Exhibitor,
            Category = ServiceIssueCategory.Booth, Severity = ServiceIssueSeverity.Low, Title = "Fuzz issue", Status = ServiceIssueStatus.Open, RaisedAt = DateTime.UtcNow,
        };
        var held = new DateTime(2026, 11, 9, 15, 0, 0, DateTimeKind.Utc);
        var meeting = new Meeting
        {
            Code = "M09-990001", EditionId = edition.Id, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id, StartsAt = held, EndsAt = held.AddMinutes(20),
            Place = MeetingPlace.Booth, Status = MeetingStatus.Held,
        };
        db.AddRange(issue, meeting);
        await db.SaveChangesAsync();
        return new TextArrangement(company.Id, contact.Id, issue.Id, meeting.Id, sector, exhibitor.CompanyId);
    }

    private async Task<(DealStage Stage, long Version)> DealStateAsync(int deal)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.Where(d => d.Id == deal).Select(d => new ValueTuple<DealStage, long>(d.Stage, d.Version)).SingleAsync();
    }

    private async Task<long> VersionAsync<T>(int id) where T : class, IVersioned
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Set<T>().Where(e => EF.Property<int>(e, "Id") == id).Select(e => e.Version).SingleAsync();
    }

    /// <summary>Whether any text of the command (or of the stage facts it carries) holds a control character or half a surrogate pair.</summary>
    private static bool HoldsBrokenText(object command)
    {
        var texts = command.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(command))
            .Concat(command is MoveDealStage.Command { Facts: { } facts }
                ? typeof(StageFacts).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(facts))
                : []);
        return texts.Any(t => t is not null && (t.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || !IsUtf16(t)));
    }

    private static readonly System.Text.UTF8Encoding _strictUtf8 = new(false, throwOnInvalidBytes: true);

    private static bool IsUtf16(string text)
    {
        try
        {
            _strictUtf8.GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    private static bool InRange(DateOnly? date) => date is null || (date >= Earliest && date <= Latest);

    private static string Shown(string? text) => text is null ? "null" : text.Length > 30 ? $"\"{text[..30]}…\" ({text.Length})" : $"\"{text}\"";
}
