// The pipeline board (Features/Pipeline/PipelineBoardPage.razor): a browser drops a dragged element only where the last
// dragover was cancelled, and Firefox starts a drag only with data set. The drop itself is the page's (a Blazor event).
document.addEventListener('dragover', event => {
    if (event.target instanceof Element && event.target.closest('.crm-board-column')) {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
    }
});
document.addEventListener('dragstart', event => {
    const card = event.target instanceof Element ? event.target.closest('.crm-board-card') : null;
    if (card && event.dataTransfer) {
        event.dataTransfer.setData('text/plain', card.dataset.code ?? '');
        event.dataTransfer.effectAllowed = 'move';
    }
});
