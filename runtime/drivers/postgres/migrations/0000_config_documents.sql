CREATE TABLE "config_documents" (
	"cog_name" text NOT NULL,
	"identifier" text NOT NULL,
	"scope" text NOT NULL,
	"key_path" text COLLATE "C" NOT NULL,
	"primary_keys" text[] NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "config_documents_pk" PRIMARY KEY("cog_name","identifier","scope","key_path")
);
