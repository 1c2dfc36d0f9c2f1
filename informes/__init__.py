"""The Django project of Informes and its one app: deployment reports, from the template."""
