"""No model (roles are auth groups): this module lets post_migrate reach the app."""
