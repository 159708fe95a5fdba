using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using Crm.Data.Entities;
using MediatR;

namespace Crm.Web.Features.Matching;

/// <summary>An administrator stops a queued or running matching job, on whichever instance runs it; it ends as Cancelled and writes nothing.</summary>
[RequiresRole(Roles.Administrator)]
public static class CancelJob
{
    public sealed record Command(int JobId) : IRequest<bool>, IWriteRequest;

    internal sealed class Handler(JobQueue jobs) : IRequestHandler<Command, bool>
    {
        public Task<bool> Handle(Command request, CancellationToken cancellationToken) => jobs.CancelAsync(request.JobId, cancellationToken);
    }
}
