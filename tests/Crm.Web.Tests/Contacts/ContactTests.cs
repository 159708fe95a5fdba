using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.History;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Contacts;

/// <summary>The people at a company on its record: listing, adding, editing under the version guard, removing, and their history.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ContactTests(SeededCrm crm)
{
    [Fact]
    public async Task A_seeded_company_of_the_current_edition_lists_its_people_with_the_one_primary_contact_first()
    {
        var company = await CompanyWithPeopleAsync(0);

        var people = await crm.SendAs(crm.Viewer, new ListContacts.Query(company));

        Assert.NotEmpty(people);
        Assert.True(people[0].IsPrimary);
        Assert.Single(people, p => p.IsPrimary);
    }

    [Fact]
    public async Task A_person_added_as_primary_takes_the_flag_gets_the_next_code_and_the_addition_is_in_the_persons_history()
    {
        var company = await CompanyWithPeopleAsync(1);
        var before = await crm.SendAs(crm.TeamMember, new ListContacts.Query(company));
        string highest;
        await using (var db = crm.Database.CreateDbContext())
        {
            highest = await db.Contacts.MaxAsync(c => c.Code);
        }

        var added = await crm.SendAs(crm.TeamMember, new AddContact.Command(company, " Chen Jing ", "陈静", "采购总监", "chen.jing@example.cn",
            "+86 139 0000 0000", IsPrimary: true, Notes: null));

        Assert.Equal("P" + (int.Parse(highest[1..], CultureInfo.InvariantCulture) + 1).ToString("000000", CultureInfo.InvariantCulture), added.Code);
        var after = await crm.SendAs(crm.TeamMember, new ListContacts.Query(company));
        Assert.Equal((added.Id, "Chen Jing", true), (after[0].Id, after[0].Name, after[0].IsPrimary));
        Assert.Single(after, p => p.IsPrimary);
        Assert.Equal(before.Count + 1, after.Count);
        var history = await crm.SendAs(crm.Viewer, new ListHistory.Query(ListHistory.Of.Contact, added.Id));
        var created = Assert.Single(history);
        Assert.Equal((AuditAction.Created, crm.TeamMember.UserName), (created.Action, created.UserName));
        Assert.Contains(created.Changes, c => c.Property == nameof(Contact.Email) && c.New == "chen.jing@example.cn");
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_change_writes_nothing_and_returns_their_values_until_written_over_knowingly()
    {
        var opened = (await crm.SendAs(crm.TeamMember, new ListContacts.Query(await CompanyWithPeopleAsync(2))))[0];
        var theirs = await crm.SendAs(crm.Manager, Edit(opened, opened.Version, jobTitle: "总经理"));

        var mine = await crm.SendAs(crm.TeamMember, Edit(opened, opened.Version, jobTitle: "采购经理"));

        Assert.False(mine.Saved);
        Assert.Equal(theirs.Current, mine.Current);
        Assert.Equal("总经理", await StoredAsync(opened.Id, c => c.JobTitle));
        var overwritten = await crm.SendAs(crm.TeamMember, Edit(opened, mine.Current.Version, jobTitle: "采购经理"));
        Assert.True(overwritten.Saved);
        Assert.Equal("采购经理", await StoredAsync(opened.Id, c => c.JobTitle));
        var history = await crm.SendAs(crm.Viewer, new ListHistory.Query(ListHistory.Of.Contact, opened.Id));
        Assert.Equal([crm.TeamMember.UserName, crm.Manager.UserName], history.Take(2).Select(h => h.UserName));
        Assert.Contains(history[0].Changes, c => c.Property == nameof(Contact.JobTitle) && c.Old == "总经理" && c.New == "采购经理");
    }

    [Theory]
    [InlineData("zh-CN", "请填写姓名。", "“chen at example”不是有效的电子邮箱地址。", "电话号码只能包含数字、空格和 + - ( )，最多 64 个字符。")]
    [InlineData("en", "Enter the person's name.", "'chen at example' is not an e-mail address.", "A phone number has digits, spaces and + - ( ), at most 64 characters.")]
    public async Task Bad_input_is_refused_in_the_users_language_and_nothing_is_written(string culture, string nameMessage, string emailMessage,
        string phoneMessage)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var company = await CompanyWithPeopleAsync(3);
        var before = await crm.SendAs(crm.TeamMember, new ListContacts.Query(company));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember,
            new AddContact.Command(company, "  ", null, null, "chen at example", "call me", false, null)));

        Assert.Equal([nameMessage, emailMessage, phoneMessage], refused.Failures.Select(f => f.ErrorMessage));
        Assert.Equal(before, await crm.SendAs(crm.TeamMember, new ListContacts.Query(company)));
    }

    [Fact]
    public async Task Viewers_read_people_but_cannot_add_change_or_remove_them()
    {
        var company = await CompanyWithPeopleAsync(4);
        var person = (await crm.SendAs(crm.Viewer, new ListContacts.Query(company)))[0];

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new AddContact.Command(company, "X", null, null, null, null, false, null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, Edit(person, person.Version, jobTitle: "X")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new RemoveContact.Command(person.Id, person.Version)));
        Assert.Equal(person, (await crm.SendAs(crm.Viewer, new ListContacts.Query(company)))[0]);
    }

    [Fact]
    public async Task A_person_changed_since_the_user_saw_them_is_not_removed_and_a_removal_is_kept_in_the_history()
    {
        var company = await CompanyWithPeopleAsync(5);
        var seen = (await crm.SendAs(crm.TeamMember, new ListContacts.Query(company)))[0];
        var changed = await crm.SendAs(crm.Manager, Edit(seen, seen.Version, jobTitle: "董事长"));

        Assert.False(await crm.SendAs(crm.TeamMember, new RemoveContact.Command(seen.Id, seen.Version)));
        Assert.Equal("董事长", await StoredAsync(seen.Id, c => c.JobTitle));

        Assert.True(await crm.SendAs(crm.TeamMember, new RemoveContact.Command(seen.Id, changed.Current.Version)));
        Assert.DoesNotContain(await crm.SendAs(crm.TeamMember, new ListContacts.Query(company)), p => p.Id == seen.Id);
        var removal = (await crm.SendAs(crm.Viewer, new ListHistory.Query(ListHistory.Of.Contact, seen.Id)))[0];
        Assert.Equal(AuditAction.Deleted, removal.Action);
        Assert.Contains(removal.Changes, c => c.Property == nameof(Contact.Name) && c.Old == seen.Name && c.New is null);
        var gone = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember, new RemoveContact.Command(seen.Id, changed.Current.Version)));
        Assert.Equal(nameof(RemoveContact.Command.ContactId), gone.Failures.Single().PropertyName);
    }

    [Fact]
    public async Task People_added_at_the_same_moment_each_get_a_code_of_their_own()
    {
        var company = await CompanyWithPeopleAsync(6);

        var added = await Task.WhenAll(Enumerable.Range(1, 6).Select(i =>
            crm.SendAs(crm.TeamMember, new AddContact.Command(company, $"Person {i}", null, null, null, null, false, null))));

        Assert.Equal(6, added.Select(a => a.Code).Distinct().Count());
    }

    private static UpdateContact.Command Edit(ListContacts.Row p, long version, string? jobTitle = null) =>
        new(p.Id, version, p.Name, p.NameZh, jobTitle ?? p.JobTitle, p.Email, p.Phone, p.IsPrimary, p.Notes);

    private async Task<T> StoredAsync<T>(int contactId, Func<Contact, T> read)
    {
        await using var db = crm.Database.CreateDbContext();
        return read(await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId));
    }

    /// <summary>A different company with people for each test (they share the seeded database).</summary>
    private async Task<int> CompanyWithPeopleAsync(int index)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Contacts.Select(c => c.CompanyId).Distinct().OrderBy(id => id).Skip(index * 7).FirstAsync();
    }
}
