using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>Someone guesses a user's password five times: the account locks, and the right password no longer opens it.</summary>
[Collection(CrmAppCollection.Name)]
public sealed class LockoutJourney(CrmAppFixture app)
{
    /// <summary>The small seed's lead of the sub-delegation D09-GD-01: no other journey signs in as this user.</summary>
    private const string UserName = "chunyan.zhu";

    [Fact]
    public async Task A_wrong_password_five_times_locks_the_account_and_the_page_says_so()
    {
        await app.Browser.ClearCookiesAsync(); // nobody signed in (another journey may have signed in before)
        var page = await app.Browser.NewPageAsync();
        await page.GotoAsync("/account/sign-in");

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await CrmAppFixture.SubmitSignInAsync(page, UserName, $"Wrong#Guess{attempt}");
            await Assertions.Expect(page.Locator("[data-testid='sign-in-message']")).ToHaveTextAsync("用户名或密码错误。");
        }
        await CrmAppFixture.SubmitSignInAsync(page, UserName, "Wrong#Guess5");

        var message = page.Locator("[data-testid='sign-in-message']");
        await Assertions.Expect(message).ToContainTextAsync("登录失败次数过多，该账号已锁定至");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "sign-in-locked-out.png"), FullPage = true });

        // Now even the right password is refused, and the app stays closed.
        await CrmAppFixture.SubmitSignInAsync(page, UserName, CrmAppFixture.DemoPassword);
        await Assertions.Expect(message).ToContainTextAsync("该账号已锁定至");
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await page.CloseAsync();
    }
}
