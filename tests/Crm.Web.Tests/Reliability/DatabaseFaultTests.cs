using System.Globalization;
using System.Net;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Reliability;

/// <summary>
/// The database locked by someone else beyond the busy timeout, or its disk full: the user's command fails with a clear
/// message in their language, nothing of it is written, the file stays intact, and the same command succeeds once the
/// lock is gone or there is room again. Through the app's mediator (all its behaviours) over a real SQLite file.
/// </summary>
public sealed class DatabaseFaultTests : IAsyncLifetime
{
    private readonly StorageFaultInjection _faults = new();
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private AppUser _manager = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(withSampleData: true);
        _manager = await _database.AddUserAsync("fault.manager", Roles.Manager);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_database.Settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb()
            .ConfigureDbContext<CrmDbContext>(options => options.AddInterceptors(_faults));
        services.AddScoped<ICurrentUser>(_ => new SignedIn(new CurrentUserInfo(_manager.Id, _manager.UserName)));
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("zh-CN", "数据库正忙于处理另一项修改，未能及时处理本次操作。本次未保存任何内容，请稍后重试。")]
    [InlineData("en", "The database is busy with another change and could not take this one in time. Nothing was saved; please try again in a moment.")]
    public async Task Moving_a_deal_while_another_process_holds_the_write_lock_fails_clearly_writes_nothing_and_works_once_the_lock_is_gone(
        string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var deal = await DealAsync("D08-3");
        var move = new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, DealStage.Proposed, DealStage.Contacted,
            NextStep: "Call the buyer", NextStepDueOn: new DateOnly(2026, 12, 1));

        DatabaseUnavailableException refused;
        await using (await HoldWriteLockAsync())
        {
            refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => Send(move));
        }

        Assert.Equal(StorageFault.Busy, refused.Fault);
        Assert.Equal(expected, refused.Failures.Single().ErrorMessage);
        Assert.Equal(DatabaseUnavailableException.FormProperty, refused.Failures.Single().PropertyName);
        await using (var db = _database.CreateDbContext())
        {
            var after = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == deal.Id);
            Assert.Equal((DealStage.Proposed, deal.Version, 0), (after.Stage, after.Version, after.StageChanges.Count));
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Operation == "MoveDealStage"));
        }
        var moved = await Send(move);
        Assert.True(moved.Moved);
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal(DealStage.Contacted, (await db.Deals.SingleAsync(d => d.Id == deal.Id)).Stage);
        }
    }

    [Fact]
    public async Task Saving_a_company_while_the_database_is_locked_is_refused_with_a_message_the_company_form_shows()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var db = _database.CreateDbContext();
        var company = await db.Companies.SingleAsync(c => c.Code == "C1");
        var save = new UpdateCompany.Command(company.Id, company.Version, "Alpen Milch AG", company.NameZh, company.CountryCode, company.SectorCode,
            company.IsFortune500, company.Website);

        RequestValidationException refused;
        await using (await HoldWriteLockAsync())
        {
            // Pages catch the refusal they already know; the company form lists the whole form's messages (property "").
            refused = await Assert.ThrowsAnyAsync<RequestValidationException>(() => Send(save));
        }

        Assert.StartsWith("数据库正忙", Assert.Single(refused.Errors[""]));
        Assert.Equal("Alpen Milch GmbH", (await db.Companies.AsNoTracking().SingleAsync(c => c.Id == company.Id)).Name);
        Assert.True((await Send(save)).Saved);
    }

    [Theory]
    [InlineData("zh-CN", "数据库所在磁盘已满。本次未保存任何内容，请通知管理员，之后再试。")]
    [InlineData("en", "The database's disk is full. Nothing was saved; please tell the administrator, then try again.")]
    public async Task Adding_a_person_when_the_disk_is_full_fails_clearly_leaves_the_file_intact_and_works_once_there_is_room(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        int companyId;
        await using (var db = _database.CreateDbContext())
        {
            companyId = await db.Companies.Where(c => c.Code == "C2").Select(c => c.Id).SingleAsync();
            // No free pages left inside the file: a write that needs room must grow it.
            await db.Database.ExecuteSqlRawAsync("VACUUM");
        }
        var add = new AddContact.Command(companyId, "Claire Dubois", "克莱尔", "Export manager", null, null, IsPrimary: true,
            Notes: string.Concat(Enumerable.Repeat("法式奶酪出口负责人，", Contact.NotesMaxLength / 10)));

        _faults.DiskFull = true;
        var refused = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => Send(add));
        _faults.DiskFull = false;

        Assert.Equal(StorageFault.Full, refused.Fault);
        Assert.Equal(expected, refused.Failures.Single().ErrorMessage);
        Assert.Equal("ok", await IntegrityAsync());
        await using (var db = _database.CreateDbContext())
        {
            Assert.False(await db.Contacts.AnyAsync(c => c.CompanyId == companyId));
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Operation == "AddContact"));
        }
        var added = await Send(add);
        await using (var db = _database.CreateDbContext())
        {
            Assert.Equal("Claire Dubois", (await db.Contacts.SingleAsync(c => c.Id == added.Id)).Name);
        }
        Assert.Equal("ok", await IntegrityAsync());
    }

    [Fact]
    public async Task Signing_in_while_the_database_is_locked_answers_503_with_the_clear_message_not_the_error_page()
    {
        var faults = new StorageFaultInjection();
        await using var app = new CrmWebApp(_database);
        await using var factory = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<CrmDbContext>(options => options.AddInterceptors(faults))));
        var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var form = await browser.GetStringAsync("/account/sign-in");

        HttpResponseMessage response;
        await using (await HoldWriteLockAsync())
        {
            response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = CrmWebApp.AntiforgeryToken(form),
                ["Input.UserName"] = _manager.UserName!,
                ["Input.Password"] = TestDatabase.Password,
            }));
        }

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("数据库正忙于处理另一项修改", page);
        Assert.DoesNotContain("Exception", page);
    }

    /// <summary>Another process's write transaction on the same file (<c>BEGIN EXCLUSIVE</c>), held until disposed.</summary>
    private async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        await begin.ExecuteNonQueryAsync();
        return connection; // closing it rolls the transaction back and releases the lock
    }

    private async Task<string> IntegrityAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Deal> DealAsync(string code)
    {
        await using var db = _database.CreateDbContext();
        return await db.Deals.AsNoTracking().SingleAsync(d => d.Code == code);
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
