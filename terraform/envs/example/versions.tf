terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7.0"
    }
  }

  # Partial configuration: the bucket, key and region come from a backend file
  # (terraform init -backend-config=backend.hcl; see backend.hcl.example and docs/deploy.md).
  backend "s3" {}
}
