using FluentValidation;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>A list's query: a page of rows from <see cref="Skip"/>, at most <see cref="Take"/> of them.</summary>
public interface IPagedQuery
{
    int Skip { get; }
    int Take { get; }
}

/// <summary>The rules every list's page obeys; a list's validator adds its own.</summary>
public abstract class PagedQueryValidator<TQuery> : AbstractValidator<TQuery> where TQuery : IPagedQuery
{
    /// <param name="maxTake">The most rows one request may take (a page, or an export).</param>
    /// <param name="outOfRange">The message, in the user's language, for a page that cannot exist.</param>
    protected PagedQueryValidator(int maxTake, Func<string> outOfRange)
    {
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0).WithMessage(_ => outOfRange());
        RuleFor(q => q.Take).InclusiveBetween(1, maxTake).WithMessage(_ => outOfRange());
    }
}
