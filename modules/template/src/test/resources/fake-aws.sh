#!/bin/sh
# A stand-in for the AWS CLI in DeployFlowTest: it records every call, one line each, in $FAKE_AWS_LOG and answers
# the calls scripts/deploy makes for a new stack in an SES sandbox, as the AWS CLI would print them with
# --output text (or a table for describe-change-set).
printf '%s\n' "$*" >> "$FAKE_AWS_LOG"
case "$*" in
  *"sts get-caller-identity"*) echo "arn:aws:iam::123456789012:user/deployer" ;;
  *"configure get region"*) echo "eu-west-1" ;;
  *"cloudformation describe-stacks"*) echo "Stack with id bucket-digest does not exist" >&2; exit 254 ;;
  *"s3api head-object"*) echo "Not Found" >&2; exit 254 ;;
  *"s3 cp"*) : ;;
  *"sesv2 get-account"*) printf 'False\tTrue\t200.0\t1.0\t3.0\n' ;;
  *"sesv2 get-email-identity --email-identity digests@example.com"*) echo "False" ;;
  *"sesv2 get-email-identity --email-identity example.com"*) echo "True" ;;
  *"cloudformation create-change-set"*)
    for arg in "$@"; do
      case "$arg" in file://*parameters*) cp "${arg#file://}" "$FAKE_AWS_LOG.parameters.json" ;; esac
    done
    echo "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/x" ;;
  *"cloudformation wait change-set-create-complete"*) : ;;
  *"cloudformation describe-change-set"*) echo "|  Add  | HistoryTable | AWS::DynamoDB::Table |" ;;
  *"cloudformation delete-change-set"*) : ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 99 ;;
esac
