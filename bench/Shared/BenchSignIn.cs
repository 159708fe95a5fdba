using Microsoft.Playwright;

namespace Crm.Bench;

/// <summary>Signing in through the real sign-in page, for the benches that drive Chromium.</summary>
internal static class BenchSignIn
{
    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.EvaluateAsync("() => window.crmPreviousPage = true");
        await page.Locator("[data-testid='sign-in']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.crmPreviousPage === undefined && document.readyState !== 'loading'");
        if (page.Url.Contains("sign-in", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {userName} failed: still at {page.Url}");
        }
    }
}
