"""Keeps the sandbox's tables in their own database, apart from the connector's state."""

SANDBOX_APP = "sandbox"


class SandboxRouter:
    """Sends the sandbox app to the 'sandbox' database and everything else to 'default'."""

    def _alias(self, model) -> str:
        return "sandbox" if model._meta.app_label == SANDBOX_APP else "default"

    def db_for_read(self, model, **hints):
        return self._alias(model)

    def db_for_write(self, model, **hints):
        return self._alias(model)

    def allow_relation(self, obj1, obj2, **hints):
        return self._alias(type(obj1)) == self._alias(type(obj2))

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == SANDBOX_APP:
            return db == "sandbox"
        return db == "default"
