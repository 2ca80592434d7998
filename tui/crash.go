package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/tailtop/tailtop/internal/crash"
)

// A panic on the screen's side goes to tailtop's one crash handler
// (internal/crash) while the program still runs, so that the handler can
// stop it with Program.Kill, which puts the terminal back, before it
// reports. Bubbletea's own panic catching is off (tea.WithoutCatchPanics):
// it prints the panic's value, and that value may hold log text.

// guarded is a model whose Init, Update, View and commands send their
// panics to the crash handler.
type guarded struct{ m tea.Model }

func (g guarded) Init() tea.Cmd {
	defer crash.Recover("ui")
	return guardCmd(g.m.Init())
}

func (g guarded) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer crash.Recover("ui")
	m, cmd := g.m.Update(msg)
	return guarded{m}, guardCmd(cmd)
}

func (g guarded) View() tea.View {
	defer crash.Recover("ui")
	return g.m.View()
}

// guardCmd wraps a command, which bubbletea runs on a goroutine of its
// own, and the commands of a batch it returns. (A tea.Sequence's commands
// cannot be reached: the screen does not use it.)
func guardCmd(c tea.Cmd) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		defer crash.Recover("ui command")
		msg := c()
		if b, ok := msg.(tea.BatchMsg); ok {
			out := make(tea.BatchMsg, len(b))
			for i, c := range b {
				out[i] = guardCmd(c)
			}
			return out
		}
		return msg
	}
}
