"""``manage.py createeditor NAME``: make NAME an editor (created if new)."""

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import CONTRIBUTOR, EDITOR


class Command(BaseCommand):
    help = "Create an editor account, or make an existing account an editor."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--contributor",
            action="store_true",
            help="Give the contributor role instead of the editor role.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ask for no password (a new account then sets it by password reset).",
        )

    def handle(self, username, email, contributor, interactive, **options):
        from django.contrib.auth.models import Group

        role = CONTRIBUTOR if contributor else EDITOR
        try:
            group = Group.objects.get(name=role)
        except Group.DoesNotExist:
            raise CommandError("The roles do not exist yet: run `manage.py migrate`.") from None
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is None and interactive:
            password = self._ask_password(User(username=username, email=email))
        with transaction.atomic():
            created = user is None
            if created:
                user = User.objects.create_user(username=username, email=email, password=password)
            if role == EDITOR and not user.is_staff:
                user.is_staff = True  # editors manage campaigns and sources in the admin
                user.save(update_fields=["is_staff"])
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}: {role}."))

    def _ask_password(self, user) -> str | None:
        while True:
            password = getpass.getpass("Password: ")
            if not password:
                raise CommandError("A password is needed (or use --noinput).")
            if getpass.getpass("Password (again): ") != password:
                self.stderr.write("The two passwords differ.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
