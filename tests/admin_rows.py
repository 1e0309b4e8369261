"""What a browser sends when staff press a row's button in an admin list (sharingcity.admin.RowButtonsMixin)."""

import re


def row_button_submit(page_html, action, pk):
    """What a browser sends for a row's button: the fields of the form the button names, and the button."""
    form = re.search(rf'<form id="row-{action}" method="post" hidden>(.*?)</form>', page_html, re.S)
    assert form, f"no form for the row button {action!r}"
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(1)))
    button = re.search(rf'<button[^>]*form="row-{action}" name="([^"]+)" value="{pk}"', page_html)
    assert button, f"no {action!r} button on row {pk}"
    return {**fields, button.group(1): str(pk)}
