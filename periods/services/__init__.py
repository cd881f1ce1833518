"""Domain actions on periods, split by who acts: staff.py (staff), answers.py (members), notify.py (notifications)."""
