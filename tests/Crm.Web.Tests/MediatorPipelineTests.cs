using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Preferences;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests;

/// <summary>
/// The mediator as the app wires it (handlers and validators found by scanning, logging → authorization → validation → audit),
/// plus a write command defined here, over a real SQLite database.
/// </summary>
public sealed class MediatorPipelineTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        // The signed-in user is a real account with a role, or the authorization behaviour refuses every request.
        await _database.AddUserAsync("王经理", Roles.Manager, id: "user-7");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_database.Settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddLocalization()
            .AddCrmData(configuration)
            .AddSingleton<ICurrentUser>(new SignedIn(new CurrentUserInfo("user-7", "王经理")))
            .AddScoped<CurrentAccess>()
            .AddCrmMediator(typeof(Program).Assembly, typeof(MediatorPipelineTests).Assembly)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("zh-CN", "必须大于")]
    [InlineData("en", "must be greater than")]
    public async Task An_invalid_request_is_refused_with_messages_in_the_users_language_and_writes_nothing(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Send(new PlanEdition.Command(Number: 0, Year: 1900)));

        Assert.Equal(2, refused.Failures.Count); // every validator rule ran, not only the first
        Assert.Contains(expected, refused.Errors[nameof(PlanEdition.Command.Number)].Single());
        Assert.Contains(nameof(PlanEdition.Command.Year), refused.Errors.Keys);
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.Editions.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_valid_command_writes_and_its_audit_entry_names_the_user_and_the_operation()
    {
        var id = await Send(new PlanEdition.Command(Number: 10, Year: 2027));

        await using var db = _database.CreateDbContext();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal("PlanEdition", audit.Operation);
        Assert.Equal("user-7", audit.UserId);
        Assert.Equal("王经理", audit.UserName);
        Assert.Equal(nameof(Edition), audit.EntityType);
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), audit.EntityKey);
        Assert.Equal(AuditAction.Created, audit.Action);
        Assert.Null(Crm.Data.Auditing.AuditScope.Current); // the scope ends with the request
    }

    [Theory]
    [InlineData("zh-CN", "不支持语言“fr”，请选择 zh-CN 或 en。")]
    [InlineData("en", "The language \"fr\" is not offered. Choose zh-CN or en.")]
    public async Task Choosing_an_unsupported_language_is_refused_with_the_apps_own_message(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Send(new SetCulture.Command("fr")));

        Assert.Equal(expected, refused.Failures.Single().ErrorMessage);
    }

    [Theory]
    [InlineData("en", "c=en|uic=en")]
    [InlineData("ZH-cn", "c=zh-CN|uic=zh-CN")]
    public async Task Choosing_a_supported_language_gives_the_culture_cookie(string culture, string cookie)
    {
        Assert.Equal(cookie, await Send(new SetCulture.Command(culture)));
    }

    private async Task<T> Send<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private sealed class SignedIn(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}

/// <summary>A write command that exists for these tests only: plans an edition. Its handler is found by scanning.</summary>
public static class PlanEdition
{
    public sealed record Command(int Number, int Year) : IRequest<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Number).GreaterThan(0);
            RuleFor(c => c.Year).InclusiveBetween(2018, 2100);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = new Edition
            {
                Number = request.Number, Year = request.Year, Status = EditionStatus.Planned,
                StartsOn = new DateOnly(request.Year, 11, 5), EndsOn = new DateOnly(request.Year, 11, 10),
            };
            db.Editions.Add(edition);
            await db.SaveChangesAsync(cancellationToken);
            return edition.Id;
        }
    }
}
