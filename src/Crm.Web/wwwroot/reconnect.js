// The circuit's reconnect dialog (Components/Layout/ReconnectDialog.razor; docs/reliability-circuits.md).
// Blazor finds the dialog by its id and, as the connection goes down and comes back, sets one of its classes:
// components-reconnect-show (retrying), -hide (connected again), -failed (every retry failed: the server was not
// reached), -rejected (the server was reached but no longer holds this page's circuit: it restarted, or the circuit
// expired). This file opens the dialog as a modal (the page behind is inert: a click there would go nowhere), wires
// its buttons, and sends again what was typed while the connection was down.
(() => {
    const dialog = document.getElementById('components-reconnect-modal');
    if (!dialog) {
        return;
    }
    const down = ['components-reconnect-show', 'components-reconnect-failed', 'components-reconnect-rejected'];

    // Blazor sends an input's change to the server as the browser raises it; while the connection is down, or dead
    // but not yet noticed, that message is lost, and the field would show a value the server does not have: a later
    // Save would write the old one. So the last edit of every field is remembered with its time, and once the
    // circuit is back each field edited since shortly before the drop was noticed gets its input and change events
    // again, carrying what the field shows now. A dead connection is noticed within the client's server timeout
    // (SignalR's default, 30 s) and at once when the socket closes, hence the window. Setting a bound field to the
    // value it shows is harmless when the first message did arrive. File inputs are left alone (a second upload).
    const noticeWindowMs = 35_000;
    const edited = new Map();
    let droppedAt = null;
    const remember = event => {
        if (event.isTrusted && event.target instanceof HTMLElement && event.target.matches('input:not([type=file]), textarea, select')) {
            edited.set(event.target, Date.now());
        }
    };
    document.addEventListener('input', remember, true);
    document.addEventListener('change', remember, true);

    // While the connection is down the page's own events are held back before Blazor sees them: it could not send
    // them (it throws), and the edits among them are sent again above. Opening the dialog moves the focus out of the
    // field being edited, which raises its change and blur events: these too.
    const hold = event => {
        if (droppedAt !== null && event.target instanceof Node && !dialog.contains(event.target)) {
            remember(event);
            event.stopImmediatePropagation();
        }
    };
    for (const type of ['input', 'change', 'blur', 'focusout', 'focus', 'focusin', 'keydown', 'keypress', 'keyup']) {
        window.addEventListener(type, hold, true);
    }

    const sendEditsAgain = since => {
        for (const [field, at] of edited) {
            if (at >= since && field.isConnected) {
                field.dispatchEvent(new Event('input', { bubbles: true }));
                field.dispatchEvent(new Event('change', { bubbles: true }));
            }
        }
        edited.clear();
    };

    new MutationObserver(() => {
        if (down.some(c => dialog.classList.contains(c))) {
            droppedAt ??= Date.now();
            if (!dialog.open) {
                dialog.showModal();
            }
        } else if (dialog.classList.contains('components-reconnect-hide')) {
            if (dialog.open) {
                dialog.close();
            }
            if (droppedAt !== null) {
                const since = droppedAt - noticeWindowMs;
                droppedAt = null; // first: the events sent again must reach Blazor
                sendEditsAgain(since);
            }
        }
    }).observe(dialog, { attributes: true, attributeFilter: ['class'] });

    // Escape does not close it: the page behind is not live until the circuit is back.
    dialog.addEventListener('cancel', event => event.preventDefault());

    const setState = state => {
        dialog.classList.remove(...down);
        dialog.classList.add(state);
    };

    // After the last automatic retry failed: one more attempt, asked for by the user or by the tab coming back into
    // view (as Blazor's own dialog does). Blazor hides the dialog itself when it succeeds.
    const retry = async () => {
        if (!dialog.classList.contains('components-reconnect-failed')) {
            return;
        }
        setState('components-reconnect-show');
        try {
            if (!await Blazor.reconnect()) {
                setState('components-reconnect-rejected');
            }
        } catch {
            setState('components-reconnect-failed');
        }
    };
    document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') {
            retry();
        }
    });

    dialog.addEventListener('click', event => {
        const action = event.target instanceof Element ? event.target.closest('[data-reconnect]')?.dataset.reconnect : undefined;
        if (action === 'reload') {
            location.reload();
        } else if (action === 'retry') {
            retry();
        }
    });
})();
