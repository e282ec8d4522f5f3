"""The plan workspace: the open plans, their loading, the edit queue, undo/redo and history.

It knows no screen: it never imports textual or rich. The app subscribes to its typed events
and passes what they carry down to the widgets; widgets post typed intents back.
"""
